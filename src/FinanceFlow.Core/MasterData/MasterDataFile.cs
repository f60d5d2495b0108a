using System.Text.Json;

namespace FinanceFlow.Core.MasterData;

/// <summary>What a master-data file holds: the parsed records of each kind it lists, and what is wrong with the file itself.</summary>
/// <param name="Kinds">One import result per kind present, in the order of <see cref="MasterDataKind"/> (legal entities first).</param>
/// <param name="Errors">Errors that belong to no kind: not JSON, not an object, an unknown or repeated key, a value that is not an array.</param>
public sealed record MasterDataFileContent(IReadOnlyList<MasterDataImportResult> Kinds, IReadOnlyList<ImportError> Errors);

/// <summary>
/// Reads a master-data file: one JSON object with an optional array per kind, keyed by the route names
/// (<c>{"legal-entities":[...],"gl-accounts":[...]}</c>). Each array is read exactly like a <c>PUT</c> body of that kind;
/// error pointers point into the file (<c>/employees/1/erpId</c>).
/// </summary>
public static class MasterDataFile
{
    public static MasterDataFileContent Parse(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return new([], [new ImportError("", null, "", $"The file is not valid JSON: {ex.Message}")]);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new([], [new ImportError("", null, "", "The file must be one JSON object with an array per kind, e.g. {\"legal-entities\":[...]}.")]);
            }

            var kinds = new List<MasterDataImportResult>();
            var errors = new List<ImportError>();
            var seen = new HashSet<MasterDataKind>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var at = "/" + property.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                if (!MasterDataKinds.TryParse(property.Name, out var kind))
                {
                    errors.Add(new ImportError(at, null, property.Name, $"unknown kind; known kinds: {string.Join(", ", MasterDataKinds.Names)}"));
                }
                else if (!seen.Add(kind))
                {
                    errors.Add(new ImportError(at, null, property.Name, "the kind is given twice; only the first array is read"));
                }
                else if (property.Value.ValueKind != JsonValueKind.Array)
                {
                    errors.Add(new ImportError(at, null, property.Name, "must be an array of records"));
                }
                else
                {
                    var result = MasterDataImport.ParseJson(kind, JsonSerializer.SerializeToUtf8Bytes(property.Value));
                    kinds.Add(result with { Errors = [.. result.Errors.Select(e => e with { Pointer = at + e.Pointer })] });
                }
            }

            return new([.. kinds.OrderBy(k => k.Kind)], errors);
        }
    }
}
