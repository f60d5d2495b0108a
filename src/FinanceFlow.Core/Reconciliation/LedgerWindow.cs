using System.Globalization;

namespace FinanceFlow.Core.Reconciliation;

/// <summary>The accounting dates a reconciliation reads back from a ledger, both days included.</summary>
public readonly record struct LedgerWindow
{
    public LedgerWindow(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, string.Create(CultureInfo.InvariantCulture, $"The window ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})."));
        }

        From = from;
        To = to;
    }

    public DateOnly From { get; }

    public DateOnly To { get; }

    public bool Contains(DateOnly date) => date >= From && date <= To;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}");
}
