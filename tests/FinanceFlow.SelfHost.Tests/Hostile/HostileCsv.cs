using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace FinanceFlow.SelfHost.Tests.Hostile;

/// <summary>Hostile CSV imports built from a JSON sample's records: hostile cells, broken quoting, invalid UTF-8, 100,000 rows or 50,000 columns.</summary>
public static class HostileCsv
{
    private static readonly string[] Cells =
    [
        "\"unterminated", "\"\"\"", "a\"b", "=cmd|' /C calc'!A0", "\u0000", "\u0001\u001f", "a/b", "#", "?", "\\", "1e308", "-0", "NaN",
        "79228162514264337593543950336", "2026-02-30", "true;false", ";;;", "\r", "\n\n", new string('x', 70_000), new string('€', 40_000), "\ud83d\ude00",
    ];

    /// <summary>CSV bodies of <paramref name="records"/> (a JSON array of flat records), mutated.</summary>
    public static Gen<HostileBody> For(Sample records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var rows = JsonNode.Parse(records.Json)!.AsArray().Select(r => r!.AsObject()).ToList();
        var header = rows.SelectMany(r => r.Select(p => p.Key)).Distinct(StringComparer.Ordinal).ToList();
        var table = rows.Select(r => header.Select(h => Cell(r[h])).ToList()).ToList();
        return Gen.Frequency(
            (1, Gen.Const(Body($"{records.Name} as CSV", Write(header, table)))),
            (6, Gen.Select(Gen.Int[0, 1 << 20], Gen.Int[0, Cells.Length - 1], (pick, cell) =>
            {
                var copy = table.Select(r => r.ToList()).ToList();
                var row = pick % copy.Count;
                var column = pick / copy.Count % header.Count;
                copy[row][column] = Cells[cell];
                return Body($"{records.Name} CSV: {header[column]} of row {row + 1} = {Describe(Cells[cell])}", Write(header, copy));
            })),
            (2, Gen.Select(Gen.OneOf(1_000, 100_000), Gen.Bool, (count, wide) => wide
                ? Body($"{records.Name} CSV with {count} columns", Write([.. Enumerable.Range(0, count).Select(i => "c" + i.ToString(CultureInfo.InvariantCulture))], []))
                : Body($"{records.Name} CSV with {count} rows", Write(header, [.. Enumerable.Repeat(table[0], count)])))),
            (2, Gen.Select(Gen.Int[0, HostileFragments.InvalidUtf8.Length - 1], Gen.Int[0, 1 << 20], (bad, at) =>
            {
                var bytes = Encoding.UTF8.GetBytes(Write(header, table));
                var position = at % bytes.Length;
                return new HostileBody($"{records.Name} CSV: {Convert.ToHexString(HostileFragments.InvalidUtf8[bad])} at byte {position}", [.. bytes[..position], .. HostileFragments.InvalidUtf8[bad], .. bytes[position..]], HostileBody.Csv);
            })),
            (1, Gen.OneOf("", "\n", "\uFEFF", "code\n", ",,,\n,,,", "\"", "a,b\n\"c").Select(t => Body("CSV " + Describe(t), t))));
    }

    private static HostileBody Body(string kind, string text) => new(kind, Encoding.UTF8.GetBytes(text), HostileBody.Csv);

    private static string Cell(JsonNode? value) => value switch
    {
        null => "",
        JsonArray list => string.Join(';', list.Select(v => v?.ToString() ?? "")),
        _ => value.ToString(),
    };

    private static string Write(List<string> header, List<List<string>> rows)
    {
        var text = new StringBuilder().AppendJoin(',', header.Select(Quote)).Append('\n');
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(Quote)).Append('\n');
        }

        return text.ToString();
    }

    // Written as the sender would: quoted when it holds a separator. Hostile cells that start with a quote stay as they are.
    private static string Quote(string cell) =>
        !cell.StartsWith('"') && cell.AsSpan().IndexOfAny(",\n\r") >= 0 ? '"' + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + '"' : cell;

    private static string Describe(string text) => text.Length <= 30 ? $"'{text}'" : $"{text.Length} chars of '{text[0]}'";
}
