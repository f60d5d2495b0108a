using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace FinanceFlow.SelfHost.Tests.Hostile;

/// <summary>A real payload to mutate: its name (file or description) and its JSON text.</summary>
public sealed record Sample(string Name, string Json);

/// <summary>
/// Generators of hostile bodies built from real samples: values replaced by wrong types, extreme numbers, oversize or key-hostile strings,
/// broken encodings and deep or huge shapes; members added twice or removed; whole-body encodings (BOMs, UTF-16, invalid UTF-8);
/// byte-level mutations; and bodies that are not documents at all (empty, scalars, random bytes).
/// </summary>
public static class HostileBodies
{
    /// <summary>Bodies that are not a document of any kind.</summary>
    public static readonly string[] Trivial = ["", " ", "\n", "\r\n\t", "null", "true", "0", "-0", "\"\"", "[]", "{}", "[{}]", "{\"\":\"\"}", "[null]", "\"{}\"", "{", "}", "[", "{\"a\":}", "{'a':1}", "{a:1}", "[1,]", "{\"a\":1,}", "// comment\n{}", "/*x*/{}"];

    /// <summary>Every family, weighted so that each route sees all of them in a few hundred bodies.</summary>
    public static Gen<HostileBody> For(IReadOnlyList<Sample> samples)
    {
        ArgumentOutOfRangeException.ThrowIfZero(samples.Count);
        var sample = Gen.Int[0, samples.Count - 1].Select(i => samples[i]);
        return Gen.Frequency(
            (1, sample.Select(s => new HostileBody("valid sample " + s.Name, Encoding.UTF8.GetBytes(s.Json)))),
            (14, ReplaceValue(sample)),
            (4, AddMember(sample)),
            (4, DuplicateMember(sample)),
            (2, RemoveMember(sample)),
            (4, Encoded(sample)),
            (4, ByteMutation(sample)),
            (3, WholeBodyShape()),
            (1, Gen.OneOf(Trivial).Select(t => new HostileBody("trivial " + (t.Length == 0 ? "(empty)" : t), Encoding.UTF8.GetBytes(t)))),
            (1, Gen.Byte.Array[0, 2048].Select(b => new HostileBody("random bytes", b))));
    }

    /// <summary>One value anywhere in a sample replaced by a hostile one.</summary>
    public static Gen<HostileBody> ReplaceValue(Gen<Sample> sample) =>
        Gen.Select(sample, Gen.Int[0, 1 << 20], HostileFragments.Any, (s, pick, fragment) =>
        {
            var root = JsonNode.Parse(s.Json)!;
            var slots = JsonSplice.Slots(root);
            if (slots.Count == 0)
            {
                return new HostileBody($"{s.Name}: whole body {fragment.Kind}", fragment.Bytes);
            }

            var slot = slots[pick % slots.Count];
            return new HostileBody($"{s.Name}: {slot.Pointer} = {fragment.Kind}", JsonSplice.Replace(root, slot, fragment.Bytes));
        });

    /// <summary>A member a schema does not know, with a hostile name or value, added to any object.</summary>
    public static Gen<HostileBody> AddMember(Gen<Sample> sample) =>
        Gen.Select(sample, Gen.Int[0, 1 << 20], MemberName, HostileFragments.Any, (s, pick, name, fragment) =>
        {
            var root = JsonNode.Parse(s.Json)!;
            var objects = JsonSplice.Objects(root);
            if (objects.Count == 0)
            {
                return new HostileBody($"{s.Name}: whole body {fragment.Kind}", fragment.Bytes);
            }

            var (target, pointer) = objects[pick % objects.Count];
            return new HostileBody($"{s.Name}: {pointer} gains {name.Kind} = {fragment.Kind}", JsonSplice.AddMember(root, target, name.Bytes, fragment.Bytes));
        });

    /// <summary>A member that is already there, given a second time with another (often hostile) value.</summary>
    public static Gen<HostileBody> DuplicateMember(Gen<Sample> sample) =>
        Gen.Select(sample, Gen.Int[0, 1 << 20], Gen.Frequency((2, HostileFragments.WrongType), (1, HostileFragments.ExtremeNumber), (1, HostileFragments.KeyHostileString)), Gen.Bool,
            (s, pick, fragment, same) =>
            {
                var root = JsonNode.Parse(s.Json)!;
                var members = JsonSplice.Slots(root).Where(m => m.Name is not null).ToList();
                if (members.Count == 0)
                {
                    return new HostileBody($"{s.Name}: no member to repeat", Encoding.UTF8.GetBytes(s.Json));
                }

                var member = members[pick % members.Count];
                var value = same ? Encoding.UTF8.GetBytes(JsonSplice.Value(member)?.ToJsonString() ?? "null") : fragment.Bytes;
                var name = Encoding.UTF8.GetBytes(JsonValue.Create(member.Name)!.ToJsonString());
                return new HostileBody(
                    $"{s.Name}: {member.Pointer} given twice ({(same ? "same value" : fragment.Kind)})",
                    JsonSplice.AddMember(root, (JsonObject)member.Parent, name, value));
            });

    /// <summary>A member or item left out.</summary>
    public static Gen<HostileBody> RemoveMember(Gen<Sample> sample) =>
        Gen.Select(sample, Gen.Int[0, 1 << 20], (s, pick) =>
        {
            var root = JsonNode.Parse(s.Json)!;
            var slots = JsonSplice.Slots(root);
            if (slots.Count == 0)
            {
                return new HostileBody($"{s.Name}: nothing to remove", Encoding.UTF8.GetBytes(s.Json));
            }

            var slot = slots[pick % slots.Count];
            return new HostileBody($"{s.Name}: {slot.Pointer} removed", JsonSplice.Remove(root, slot));
        });

    /// <summary>The whole sample in another encoding, with byte order marks, or with bytes that are not UTF-8 between its tokens.</summary>
    public static Gen<HostileBody> Encoded(Gen<Sample> sample) =>
        Gen.Select(sample, Gen.Int[0, 9], Gen.Int[0, HostileFragments.InvalidUtf8.Length - 1], Gen.Int[0, 1 << 20], (s, how, bad, at) =>
        {
            var utf8 = Encoding.UTF8.GetBytes(s.Json);
            var invalid = HostileFragments.InvalidUtf8[bad];
            var position = at % (utf8.Length + 1);
            return how switch
            {
                0 => new HostileBody($"{s.Name}: UTF-8 BOM", [0xEF, 0xBB, 0xBF, .. utf8]),
                1 => new HostileBody($"{s.Name}: two UTF-8 BOMs", [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. utf8]),
                2 => new HostileBody($"{s.Name}: UTF-16LE with BOM", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(s.Json)]),
                3 => new HostileBody($"{s.Name}: UTF-16BE with BOM", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(s.Json)]),
                4 => new HostileBody($"{s.Name}: UTF-16LE without BOM", Encoding.Unicode.GetBytes(s.Json)),
                5 => new HostileBody($"{s.Name}: UTF-32LE with BOM", [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(s.Json)]),
                6 => new HostileBody($"{s.Name}: Latin-1", Encoding.Latin1.GetBytes(s.Json.Replace("a", "ä", StringComparison.Ordinal))),
                7 => new HostileBody($"{s.Name}: BOM in the middle at {position}", [.. utf8.AsSpan(0, position), 0xEF, 0xBB, 0xBF, .. utf8.AsSpan(position)]),
                _ => new HostileBody($"{s.Name}: {Convert.ToHexString(invalid)} at byte {position}", [.. utf8.AsSpan(0, position), .. invalid, .. utf8.AsSpan(position)]),
            };
        });

    /// <summary>A sample truncated, with a byte flipped, a range deleted or doubled, or random bytes put in.</summary>
    public static Gen<HostileBody> ByteMutation(Gen<Sample> sample) =>
        Gen.Select(sample, Gen.Int[0, 4], Gen.Int[0, 1 << 20], Gen.Int[1, 64], Gen.Byte, (s, how, at, length, value) =>
        {
            var utf8 = Encoding.UTF8.GetBytes(s.Json);
            var start = at % utf8.Length;
            var end = Math.Min(utf8.Length, start + length);
            return how switch
            {
                0 => new HostileBody($"{s.Name}: cut at byte {start}", utf8[..start]),
                1 => new HostileBody($"{s.Name}: byte {start} = 0x{value:X2}", [.. utf8[..start], value, .. utf8[(start + 1)..]]),
                2 => new HostileBody($"{s.Name}: bytes {start}..{end} deleted", [.. utf8[..start], .. utf8[end..]]),
                3 => new HostileBody($"{s.Name}: bytes {start}..{end} doubled", [.. utf8[..end], .. utf8[start..]]),
                _ => new HostileBody($"{s.Name}: {length} x 0x{value:X2} at byte {start}", [.. utf8[..start], .. Enumerable.Repeat(value, length), .. utf8[start..]]),
            };
        });

    /// <summary>A body that is nothing but a pathological shape or value.</summary>
    public static Gen<HostileBody> WholeBodyShape() =>
        Gen.Frequency((2, HostileFragments.DeepNesting), (2, HostileFragments.HugeCollection), (1, HostileFragments.LongString), (1, HostileFragments.ExtremeNumber), (1, HostileFragments.LoneSurrogate), (1, HostileFragments.LongNames))
            .Select(f => new HostileBody("whole body " + f.Kind, f.Bytes));

    /// <summary>Member names: hostile text, very long, empty, or a near miss of a real field.</summary>
    private static Gen<Fragment> MemberName { get; } = Gen.Frequency(
        (3, HostileFragments.KeyHostileString),
        (1, HostileFragments.LoneSurrogate),
        (1, HostileFragments.InvalidUtf8String),
        (1, Gen.OneOf(1_000, 70_000, 300_000).Select(n => Fragment.Text($"name of {n.ToString(CultureInfo.InvariantCulture)} chars", '"' + new string('n', n) + '"'))),
        (2, Gen.OneOf("\"\"", "\"reportid\"", "\"ReportId\"", "\"$ref\"", "\"__proto__\"", "\"constructor\"", "\"data_base64\"").Select(n => Fragment.Text("name " + n, n))));
}
