using System.Text;
using System.Text.Json.Nodes;

namespace FinanceFlow.SelfHost.Tests.Hostile;

/// <summary>A place in a JSON document: a member of an object or an item of an array, with its JSON pointer.</summary>
public sealed record JsonSlot(JsonNode Parent, string? Name, int Index, string Pointer);

/// <summary>
/// Edits a sample document by splicing raw bytes in where a value or a member name goes: the document is written with a marker,
/// and the marker's bytes are replaced, so the result can be anything (invalid UTF-8, duplicate keys, 300,000 brackets).
/// </summary>
public static class JsonSplice
{
    private const string Marker = "__hostile_splice_marker__";
    private const int MaxSlots = 4_000;

    /// <summary>Every member and item of <paramref name="root"/>, depth first (at most a few thousand).</summary>
    public static IReadOnlyList<JsonSlot> Slots(JsonNode root)
    {
        var slots = new List<JsonSlot>();
        Walk(root, "", slots);
        return slots;
    }

    /// <summary>The objects of <paramref name="root"/> (itself included), with their pointers.</summary>
    public static IReadOnlyList<(JsonObject Node, string Pointer)> Objects(JsonNode root)
    {
        var objects = new List<(JsonObject, string)>();
        if (root is JsonObject top)
        {
            objects.Add((top, ""));
        }

        objects.AddRange(Slots(root).Where(s => Value(s) is JsonObject).Select(s => ((JsonObject)Value(s)!, s.Pointer)));
        return objects;
    }

    public static JsonNode? Value(JsonSlot slot) =>
        slot.Name is { } name ? slot.Parent[name] : slot.Parent[slot.Index];

    /// <summary>The document with the value at <paramref name="slot"/> replaced by <paramref name="raw"/>.</summary>
    public static byte[] Replace(JsonNode root, JsonSlot slot, byte[] raw)
    {
        Set(slot, JsonValue.Create(Marker));
        return Substitute(root, '"' + Marker + '"', raw);
    }

    /// <summary>The document with the member at <paramref name="slot"/> left out.</summary>
    public static byte[] Remove(JsonNode root, JsonSlot slot)
    {
        if (slot.Name is { } name)
        {
            ((JsonObject)slot.Parent).Remove(name);
        }
        else
        {
            ((JsonArray)slot.Parent).RemoveAt(slot.Index);
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>The document with one more member <c>name: value</c> in <paramref name="target"/>, both given as raw bytes (a name may repeat one already there).</summary>
    public static byte[] AddMember(JsonNode root, JsonObject target, byte[] rawName, byte[] rawValue)
    {
        target[Marker] = JsonValue.Create(Marker);
        var text = Substitute(root, '"' + Marker + "\":\"" + Marker + '"', [.. rawName, (byte)':', .. rawValue]);
        return text;
    }

    private static void Set(JsonSlot slot, JsonNode? value)
    {
        if (slot.Name is { } name)
        {
            slot.Parent[name] = value;
        }
        else
        {
            slot.Parent[slot.Index] = value;
        }
    }

    private static byte[] Substitute(JsonNode root, string marker, byte[] raw)
    {
        var text = Encoding.UTF8.GetBytes(root.ToJsonString());
        var at = text.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker));
        return at < 0 ? text : [.. text.AsSpan(0, at), .. raw, .. text.AsSpan(at + Encoding.UTF8.GetByteCount(marker))];
    }

    private static void Walk(JsonNode node, string pointer, List<JsonSlot> slots)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (slots.Count >= MaxSlots)
                    {
                        return;
                    }

                    var at = pointer + "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                    slots.Add(new JsonSlot(obj, name, -1, at));
                    if (child is not null)
                    {
                        Walk(child, at, slots);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count && slots.Count < MaxSlots; i++)
                {
                    var at = pointer + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    slots.Add(new JsonSlot(array, null, i, at));
                    if (array[i] is { } child)
                    {
                        Walk(child, at, slots);
                    }
                }

                break;
        }
    }
}
