using System.Text;

namespace FinanceFlow.Core.MasterData;

/// <summary>One CSV record and the line it starts on (1-based).</summary>
internal sealed record CsvRow(int Line, IReadOnlyList<string> Cells);

/// <summary>RFC 4180 CSV: comma-separated, double-quoted cells may hold commas, quotes (doubled) and line breaks.</summary>
internal static class CsvReader
{
    /// <summary>The non-blank rows of <paramref name="text"/>, each with the line it starts on.</summary>
    public static IReadOnlyList<CsvRow> Read(string text)
    {
        var rows = new List<CsvRow>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var rowLine = 1;
        var quoted = false;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    cell.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when cell.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRow();
                    line++;
                    rowLine = line;
                    break;
                default:
                    cell.Append(c);
                    break;
            }
        }

        EndRow();
        return rows;

        void EndRow()
        {
            cells.Add(cell.ToString());
            cell.Clear();
            if (cells.Any(s => s.Length > 0))
            {
                rows.Add(new CsvRow(rowLine, [.. cells]));
            }

            cells.Clear();
        }
    }
}
