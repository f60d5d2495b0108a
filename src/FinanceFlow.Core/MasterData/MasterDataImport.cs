using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Serialization;

namespace FinanceFlow.Core.MasterData;

/// <summary>
/// Reads a bulk-import body of one master-data kind: JSON (an array of records or <c>{"records":[...]}</c>) or CSV
/// (a header row of camelCase field names; lists separated by <c>;</c>; invariant numbers; dates <c>yyyy-MM-dd</c>).
/// Every bad row is reported with every bad field; the good rows are returned for the caller to keep or drop.
/// </summary>
public static class MasterDataImport
{
    /// <param name="maxRows">Most records the body may hold; more is one error, before any record is read.</param>
    public static MasterDataImportResult ParseJson(MasterDataKind kind, ReadOnlyMemory<byte> body, int maxRows = int.MaxValue)
    {
        if (BoundedJson.Parse(body, out var unreadable) is not { } document)
        {
            return new MasterDataImportResult(kind, [], [.. unreadable.Select(e => new ImportError(e.Pointer, null, "", e.Message))], 0);
        }

        using (document)
        {
            var root = document.RootElement;
            var (items, prefix) = root.ValueKind switch
            {
                JsonValueKind.Array => (root, ""),
                JsonValueKind.Object when root.TryGetProperty("records", out var records) && records.ValueKind == JsonValueKind.Array => (records, "/records"),
                _ => (default, (string?)null),
            };
            if (prefix is null)
            {
                return Failed(kind, new ImportError("", null, "records", "The body must be an array of records or an object with a 'records' array."));
            }

            if (items.GetArrayLength() > maxRows)
            {
                return TooManyRows(kind, prefix.Length == 0 ? "" : prefix, items.GetArrayLength(), maxRows);
            }

            var fields = MasterDataFields.Of(kind);
            var batch = new Batch(kind);
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                var at = $"{prefix}/{index.ToString(CultureInfo.InvariantCulture)}";
                ImportError ErrorAt(string field, string detail) => new(field.Length == 0 ? at : $"{at}/{field}", null, field, detail);
                var values = new JsonObject();
                var errors = new List<ImportError>();
                if (item.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(ErrorAt("", "must be a JSON object"));
                }
                else
                {
                    foreach (var property in item.EnumerateObject())
                    {
                        if (MasterDataFields.Ignored.Contains(property.Name))
                        {
                            continue;
                        }

                        if (!fields.TryGetValue(property.Name, out var field))
                        {
                            errors.Add(ErrorAt(property.Name, $"unknown field; {Known(fields)}"));
                        }
                        else if (MasterDataFields.TryConvert(field, property.Value, out var value, out var error))
                        {
                            SetIfPresent(values, field, value);
                        }
                        else
                        {
                            errors.Add(ErrorAt(field.Name, error!));
                        }
                    }
                }

                batch.Add(values, errors, at, ErrorAt);
                index++;
            }

            return batch.Result(index);
        }
    }

    /// <param name="maxRows">Most records (rows after the header) the body may hold; more is one error, before any row is read.</param>
    public static MasterDataImportResult ParseCsv(MasterDataKind kind, string body, int maxRows = int.MaxValue)
    {
        var rows = CsvReader.Read(body);
        if (rows.Count == 0)
        {
            return Failed(kind, new ImportError(null, 1, "", "The body has no header row."));
        }

        if (rows.Count - 1 > maxRows)
        {
            return TooManyRows(kind, null, rows.Count - 1, maxRows);
        }

        var fields = MasterDataFields.Of(kind);
        var header = rows[0];
        var columns = new FieldSpec?[header.Cells.Count];
        var headerErrors = new List<ImportError>();
        for (var c = 0; c < header.Cells.Count; c++)
        {
            var name = header.Cells[c].Trim();
            if (fields.TryGetValue(name, out var field))
            {
                columns[c] = field;
            }
            else if (!MasterDataFields.Ignored.Contains(name))
            {
                headerErrors.Add(new ImportError(null, header.Line, name, $"unknown column; {Known(fields)}"));
            }
        }

        if (headerErrors.Count > 0)
        {
            // An unknown column would be silently dropped from every row: no row is imported with it.
            return new MasterDataImportResult(kind, [], headerErrors, rows.Count - 1);
        }

        var batch = new Batch(kind);
        foreach (var row in rows.Skip(1))
        {
            ImportError ErrorAt(string field, string detail) => new(null, row.Line, field, detail);
            var values = new JsonObject();
            var errors = new List<ImportError>();
            if (row.Cells.Count > columns.Length)
            {
                errors.Add(ErrorAt("", $"has {row.Cells.Count} cells but the header names {columns.Length} columns"));
            }

            for (var c = 0; c < Math.Min(columns.Length, row.Cells.Count); c++)
            {
                if (columns[c] is not { } field)
                {
                    continue;
                }

                if (MasterDataFields.TryConvert(field, row.Cells[c], out var value, out var error))
                {
                    SetIfPresent(values, field, value);
                }
                else
                {
                    errors.Add(ErrorAt(field.Name, error!));
                }
            }

            batch.Add(values, errors, $"line {row.Line.ToString(CultureInfo.InvariantCulture)}", ErrorAt);
        }

        return batch.Result(rows.Count - 1);
    }

    // An absent value leaves the record's default (a JSON null would fail on value types).
    private static void SetIfPresent(JsonObject values, FieldSpec field, JsonNode? value)
    {
        if (value is not null)
        {
            values[field.Name] = value;
        }
    }

    private static MasterDataImportResult Failed(MasterDataKind kind, ImportError error) => new(kind, [], [error], 0);

    private static MasterDataImportResult TooManyRows(MasterDataKind kind, string? pointer, int rows, int maxRows) =>
        new(kind, [], [new ImportError(pointer, pointer is null ? 1 : null, "", string.Create(CultureInfo.InvariantCulture, $"holds {rows} records; an import takes at most {maxRows}: split it and send the parts with mode=merge"))], rows);

    private static string Known(IReadOnlyDictionary<string, FieldSpec> fields) =>
        "known fields: " + string.Join(", ", fields.Keys.Order(StringComparer.Ordinal));

    /// <summary>
    /// Builds the records of a body row by row, spotting duplicate keys and records storage cannot hold; keeps the first
    /// <see cref="FieldErrors.MaxListed"/> errors and counts the rest.
    /// </summary>
    private sealed class Batch(MasterDataKind kind)
    {
        private readonly Dictionary<string, string> _seen = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<MasterRecord> _records = [];
        private readonly List<ImportError> _errors = [];
        private int _unlisted;

        public void Add(JsonObject values, List<ImportError> errors, string at, Func<string, string, ImportError> errorAt)
        {
            foreach (var field in MasterDataFields.Of(kind).Values.Where(f => f.Required && values[f.Name] is null))
            {
                if (errors.All(e => e.Field != field.Name))
                {
                    errors.Add(errorAt(field.Name, "is required"));
                }
            }

            if (errors.Count == 0 && MasterDataLimits.CheckValues(values) is { } tooMuch)
            {
                errors.Add(errorAt("", tooMuch));
            }

            MasterRecord? record = null;
            if (errors.Count == 0)
            {
                try
                {
                    record = (MasterRecord?)values.Deserialize(MasterDataRecordTypes.Of(kind), FinanceFlowJson.Options);
                }
                catch (JsonException ex)
                {
                    errors.Add(errorAt("", ex.Message));
                }
            }

            if (record is not null)
            {
                errors.AddRange(MasterDataRules.Check(record).Select(e => errorAt(e.Field, e.Detail)));
                if (MasterDataLimits.CheckKey(record) is { } keyTooLong)
                {
                    errors.Add(errorAt("key", keyTooLong));
                }

                if (errors.Count == 0 && !_seen.TryAdd(record.Key, at))
                {
                    errors.Add(errorAt("key", $"duplicate key '{record.Key}', first given at {_seen[record.Key]}"));
                }
            }

            if (errors.Count > 0)
            {
                var room = Math.Max(0, FieldErrors.MaxListed - _errors.Count);
                _errors.AddRange(errors.Take(room));
                _unlisted += Math.Max(0, errors.Count - room);
                return;
            }

            _records.Add(record!);
        }

        public MasterDataImportResult Result(int rows) =>
            new(kind, [.. _records], _unlisted == 0 ? [.. _errors] : [.. _errors, new ImportError("", null, "", FieldErrors.MoreMessage(_unlisted))], rows);
    }
}
