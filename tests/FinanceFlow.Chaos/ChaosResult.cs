using System.Globalization;
using System.Text;

namespace FinanceFlow.Chaos;

/// <summary>What a chaos run did and what the ledger and FinanceFlow showed at the end.</summary>
public sealed class ChaosResult
{
    public int Reports { get; set; }

    public int Deliveries { get; set; }

    public int Accepted { get; set; }

    public int Redelivered { get; set; }

    public int Unavailable { get; set; }

    public int HostDown { get; set; }

    public List<string> UnexpectedAnswers { get; } = [];

    public int Kills { get; set; }

    public List<double> OutageSeconds { get; } = [];

    public int ErpCalls { get; set; }

    public int ErpFaults { get; set; }

    public int WatchdogRedrives { get; set; }

    public int PostedOnce { get; set; }

    public List<string> NotPosted { get; } = [];

    public List<string> PostedTwice { get; } = [];

    public List<string> AmountDiffers { get; } = [];

    public List<string> AuditIncomplete { get; } = [];

    public int Stuck { get; set; }

    public bool LedgerChecks { get; set; }

    public TimeSpan Drain { get; set; }

    public TimeSpan Total { get; set; }

    public bool Passed =>
        UnexpectedAnswers.Count == 0 && NotPosted.Count == 0 && PostedTwice.Count == 0 && AmountDiffers.Count == 0
        && AuditIncomplete.Count == 0 && Stuck == 0 && LedgerChecks && PostedOnce == Reports;

    public override string ToString()
    {
        var text = new StringBuilder();
        void Line(string name, object value) => text.AppendLine(CultureInfo.InvariantCulture, $"  {name,-44} {value}");
        text.AppendLine("chaos run");
        Line("reports", Reports);
        Line("webhook deliveries (1-3 each, out of order)", Deliveries);
        Line("  answered 202 accepted", Accepted);
        Line("  answered 200 already known", Redelivered);
        Line("  answered 503, sent again after Retry-After", Unavailable);
        Line("  no answer (host killed), sent again", HostDown);
        Line("  other answers", UnexpectedAnswers.Count);
        Line("self-host SIGKILLs", Kills);
        Line("storage outages (s)", string.Join(", ", OutageSeconds.Select(s => s.ToString("0.0", CultureInfo.InvariantCulture))));
        Line("ERP calls (hledger-web)", ErpCalls);
        Line("  failed, or answer lost after the write", ErpFaults);
        Line("runs the watchdog ran again", WatchdogRedrives);
        Line("posted exactly once", $"{PostedOnce} of {Reports}");
        Line("not posted", NotPosted.Count);
        Line("posted more than once", PostedTwice.Count);
        Line("ledger amount differs from the source", AmountDiffers.Count);
        Line("audit trail incomplete or broken", AuditIncomplete.Count);
        Line("stuck (exception queue)", Stuck);
        Line("hledger check", LedgerChecks ? "ok" : "FAILED");
        Line("drained after the last kill or outage (s)", Drain.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture));
        Line("whole run (s)", Total.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture));
        foreach (var (what, ids) in new[] { ("unexpected", UnexpectedAnswers), ("not posted", NotPosted), ("twice", PostedTwice), ("amount", AmountDiffers), ("audit", AuditIncomplete) })
        {
            if (ids.Count > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {what}: {string.Join("; ", ids.Take(10))}");
            }
        }

        text.AppendLine(Passed ? "PASSED: every accepted report posted exactly once, amounts equal to the sources, nothing stuck, audit complete" : "FAILED");
        return text.ToString();
    }
}
