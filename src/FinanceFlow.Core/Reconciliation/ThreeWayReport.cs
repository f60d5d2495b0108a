using System.Globalization;

namespace FinanceFlow.Core.Reconciliation;

/// <summary>One platform read for the three-way run: how many documents it listed, or why it could not be read.</summary>
public sealed record PlatformRead(string Source, int Documents, string? Error = null);

/// <summary>
/// The three-way part of a reconciliation run: the days it read, what each side held, the differences by class and what the run
/// sent through the pipeline again.
/// </summary>
/// <param name="Window">The ledger days read back, both included (<c>yyyy-MM-dd..yyyy-MM-dd</c>).</param>
/// <param name="ChangedSince">FinanceFlow's side: reports whose status changed since then, plus every one still open.</param>
/// <param name="Platforms">Each platform's read.</param>
/// <param name="Counts">Findings per class (<see cref="ThreeWayClasses"/>), every class present.</param>
/// <param name="Redriven">One line per document the run sent through the pipeline again.</param>
public sealed record ThreeWayReport(
    string Window,
    DateTimeOffset ChangedSince,
    IReadOnlyList<PlatformRead> Platforms,
    int Approved,
    int Tracked,
    int LedgerEntries,
    int Matched,
    IReadOnlyDictionary<string, int> Counts,
    IReadOnlyList<ThreeWayFinding> Findings,
    IReadOnlyList<string> Redriven)
{
    /// <summary>Findings a person has to act on: every one the run did not send through the pipeline again.</summary>
    public IEnumerable<ThreeWayFinding> ForFinanceOps => Findings.Where(f => !f.Redrive);

    /// <summary>One line: the window, the matches and the non-zero classes.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"three-way {Window}: {Approved} approved, {Tracked} tracked, {LedgerEntries} ledger entries, {Matched} matched")
        + (Counts.Values.Sum() == 0 ? string.Empty : "; " + string.Join(", ", Counts.Where(c => c.Value > 0).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Value} {c.Key}"))))
        + (Redriven.Count == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; {Redriven.Count} redriven"))
        + (Platforms.Any(p => p.Error is not null) ? "; unreadable: " + string.Join(", ", Platforms.Where(p => p.Error is not null).Select(p => p.Source)) : string.Empty);

    /// <summary>The findings as CSV (RFC 4180, header first), for finance ops' spreadsheets.</summary>
    public string ToCsv()
    {
        var csv = new System.Text.StringBuilder("class,source,documentId,reference,ledger,ours,theirs,redriven,message\r\n");
        foreach (var f in Findings)
        {
            csv.AppendJoin(',', new[] { f.Class, f.Source, f.DocumentId, f.Reference, f.Ledger, f.Ours, f.Theirs, f.Redrive ? "yes" : "no", f.Message }.Select(Field)).Append("\r\n");
        }

        return csv.ToString();
    }

    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        // A leading =, +, - or @ would run as a formula in a spreadsheet: quoted with a leading apostrophe.
        var text = value[0] is '=' or '+' or '-' or '@' ? "'" + value : value;
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || text != value ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
