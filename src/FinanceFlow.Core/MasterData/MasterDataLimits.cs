using System.Globalization;
using System.Text.Json.Nodes;

namespace FinanceFlow.Core.MasterData;

/// <summary>
/// What one master-data record may weigh, so every record an import accepts can be stored: Table storage holds a key of 1 KiB
/// (the key is escaped, at most three characters per one) and 32K characters per value, and a batch of 100 rows in 4 MiB.
/// </summary>
internal static class MasterDataLimits
{
    /// <summary>Longest record key (its key fields joined with <c>|</c>).</summary>
    public const int MaxKeyLength = 256;

    /// <summary>
    /// Most text one record's values may hold together; real records hold a few hundred characters. JSON writes a character as at most
    /// six, so the record's JSON stays within a Table value (32K characters) and 100 records within a batch (4 MiB).
    /// </summary>
    public const int MaxTextLength = 4 * 1024;

    /// <summary>What keeps the values read for one record out of storage, before a record is made of them: null when they fit.</summary>
    public static string? CheckValues(JsonObject values)
    {
        var text = values.Sum(v => TextLength(v.Value));
        return text <= MaxTextLength
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"holds {text} characters of text; a record holds at most {MaxTextLength}");
    }

    /// <summary>What keeps <paramref name="record"/>'s key out of storage: null when it fits.</summary>
    public static string? CheckKey(MasterRecord record) =>
        record.Key.Length <= MaxKeyLength
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"the record's key fields come to {record.Key.Length} characters; at most {MaxKeyLength}");

    private static int TextLength(JsonNode? node) => node switch
    {
        JsonArray list => list.Sum(TextLength),
        JsonValue value when value.TryGetValue<string>(out var text) => text.Length,
        _ => 0,
    };
}
