using System.Globalization;
using System.Text.Json;
using Json.Pointer;
using Json.Schema;

namespace FinanceFlow.Core.Intake;

/// <summary>Turns JSON Schema list output into one readable <see cref="FieldError"/> per problem, at most <see cref="FieldErrors.MaxListed"/> and a count of the rest.</summary>
/// <remarks>
/// Messages are written from the schema itself (the missing property, the allowed values) rather than taken
/// from the library, so a missing field points at the field and a one-of-two rule reads as one sentence.
/// Past the cap the remaining failures are only counted: wording one costs a lookup in the body, and a hostile body has 100,000.
/// </remarks>
internal sealed class SchemaErrorReader(JsonElement schemaRoot, JsonElement instance, string schemaTitle = "canonical expense report")
{
    private readonly List<FieldError> _errors = [];
    private readonly HashSet<FieldError> _seen = [];

    public IReadOnlyList<FieldError> Read(EvaluationResults results)
    {
        var details = results.Details ?? [];
        var invalid = details.Where(d => !d.IsValid).ToList();

        // Parent links keep this linear: bodies with thousands of bad lines must not cost quadratic time.
        var withInvalidChild = invalid.Select(d => d.Parent).OfType<EvaluationResults>().ToHashSet(ReferenceEqualityComparer.Instance);
        var uncounted = 0;
        foreach (var node in invalid)
        {
            if (_errors.Count >= FieldErrors.MaxListed)
            {
                uncounted += node.Errors?.Count ?? 0;
                continue;
            }

            if (node.Errors is { Count: > 0 } errors)
            {
                if (CombinatorPrefix(node.EvaluationPath.ToString()) is { } ownerPath)
                {
                    // A failing branch only matters when the oneOf/anyOf as a whole failed.
                    var owner = Ancestors(node).FirstOrDefault(d => d.EvaluationPath.ToString() == ownerPath);
                    if (owner is { IsValid: false })
                    {
                        ReadCombinator(owner, details);
                    }

                    continue;
                }

                foreach (var (keyword, libraryMessage) in errors)
                {
                    ReadError(node, keyword, libraryMessage);
                }
            }
            else if (!withInvalidChild.Contains(node) && !IsRootAbove(node, invalid))
            {
                // A failed oneOf with several matching branches is reported by the library without any message.
                ReadCombinator(node, details);
            }
        }

        if (_errors.Count == 0 && !results.IsValid)
        {
            Add("", $"does not match the {schemaTitle} schema");
        }

        return FieldErrors.Cap(_errors.Take(FieldErrors.MaxListed), uncounted + Math.Max(0, _errors.Count - FieldErrors.MaxListed));
    }

    private void ReadError(EvaluationResults node, string keyword, string libraryMessage)
    {
        var schemaPointer = SchemaPointer(node.SchemaLocation);
        var pointer = node.InstanceLocation.ToString();
        // The library locates a failed if/then branch one segment too deep (".../then/0").
        var schema = Resolve(schemaRoot, schemaPointer)
            ?? (schemaPointer.EndsWith("/0", StringComparison.Ordinal) ? Resolve(schemaRoot, schemaPointer[..^2]) : null);
        var value = Resolve(instance, pointer);
        if (keyword == "required")
        {
            foreach (var missing in MissingProperties(schema, value))
            {
                Add(pointer + "/" + Escape(missing), "is required");
            }

            return;
        }

        var isUnknownField = keyword.Length == 0 && node.EvaluationPath.ToString().Contains("/additionalProperties", StringComparison.Ordinal);
        Add(pointer, isUnknownField ? "is not a known field (check the spelling)" : SchemaMessages.For(keyword, schema, value, libraryMessage));
    }

    private void ReadCombinator(EvaluationResults owner, IReadOnlyList<EvaluationResults> details)
    {
        var pointer = owner.InstanceLocation.ToString();
        var schema = Resolve(schemaRoot, SchemaPointer(owner.SchemaLocation));
        var kind = new[] { "oneOf", "anyOf" }.FirstOrDefault(k => schema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(k, out _));
        if (kind is null)
        {
            Add(pointer, "is not valid");
            return;
        }

        // The owner may have failed for another reason (a bad url) while the oneOf itself held.
        var branchPrefix = owner.EvaluationPath + "/" + kind + "/";
        var passed = details.Count(d => d.IsValid
            && d.InstanceLocation.ToString() == pointer
            && d.EvaluationPath.ToString() is { } path
            && path.StartsWith(branchPrefix, StringComparison.Ordinal)
            && path.AsSpan(branchPrefix.Length).IndexOf('/') < 0);
        if (kind == "oneOf" ? passed == 1 : passed >= 1)
        {
            return;
        }

        var names = schema!.Value.GetProperty(kind).EnumerateArray()
            .SelectMany(b => b.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(n => n.GetString() ?? "") : [])
            .ToList();
        var listed = string.Join(" or ", names);
        Add(pointer, kind == "oneOf" ? $"must have exactly one of {listed}" : $"must have at least one of {listed}");
    }

    private void Add(string pointer, string message)
    {
        var error = new FieldError(pointer, message);
        if (_seen.Add(error))
        {
            _errors.Add(error);
        }
    }

    // The list's root entry is not the object its children name as parent.
    private static bool IsRootAbove(EvaluationResults node, List<EvaluationResults> invalid) =>
        node.EvaluationPath.SegmentCount == 0 && invalid.Count > 1;

    private static IEnumerable<EvaluationResults> Ancestors(EvaluationResults node)
    {
        for (var parent = node.Parent; parent is not null; parent = parent.Parent)
        {
            yield return parent;
        }
    }

    private static IEnumerable<string> MissingProperties(JsonElement? schema, JsonElement? value)
    {
        if (schema is not { ValueKind: JsonValueKind.Object } s || !s.TryGetProperty("required", out var required))
        {
            return [];
        }

        return required.EnumerateArray()
            .Select(n => n.GetString() ?? "")
            .Where(n => value is not { ValueKind: JsonValueKind.Object } v || !v.TryGetProperty(n, out _));
    }

    /// <summary>The pointer up to the owner of the innermost oneOf/anyOf keyword, or null when not inside one.</summary>
    private static string? CombinatorPrefix(string schemaPointer)
    {
        var segments = schemaPointer.Split('/');
        for (var i = segments.Length - 1; i > 0; i--)
        {
            if (segments[i] is "oneOf" or "anyOf")
            {
                return string.Join('/', segments[..i]);
            }
        }

        return null;
    }

    private static string SchemaPointer(Uri schemaLocation)
    {
        var text = schemaLocation.OriginalString;
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? "" : Uri.UnescapeDataString(text[(hash + 1)..]);
    }

    private static JsonElement? Resolve(JsonElement root, string pointer) =>
        JsonPointer.TryParse(pointer, out var parsed) ? parsed.Evaluate(root) : null;

    private static string Escape(string name) =>
        name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    internal static string Describe(JsonElement? value)
    {
        if (value is not { } v)
        {
            return "nothing";
        }

        var raw = v.GetRawText();
        return raw.Length <= 40 ? raw : raw[..37] + "...";
    }

    internal static string Number(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var n) ? n.GetRawText() : "?";

    internal static string Int(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var n) && n.TryGetInt32(out var i) ? i.ToString(CultureInfo.InvariantCulture) : "?";
}
