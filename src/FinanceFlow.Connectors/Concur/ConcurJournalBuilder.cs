using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Connectors.Concur;

/// <summary>Collects expense-side lines one by one and nets the settlement side per (role, account).</summary>
/// <remarks>
/// Every posting adds a signed debit and the same amount back as a signed settlement, so the journal balances by
/// construction. Settlement lines are netted per (role, account, bucket): a cash advance applied reduces what the
/// employee is owed, a personal charge routed through the card clearing account leaves no clearing line, and a
/// consolidated or a verbose extract of the same report give the same lines. A separate bucket keeps a line of its
/// own: what the employee owes for personal charges stays apart from what they are owed unless the entry offsets.
/// </remarks>
internal sealed class ConcurJournalBuilder(int minorUnits)
{
    private readonly List<JournalLine> _lines = [];
    private readonly List<(AccountRole Role, string Account, string? Bucket, string? Memo)> _settlementKeys = [];
    private readonly Dictionary<(AccountRole, string, string?), decimal> _settlements = [];

    public decimal Round(decimal amount) => Currencies.Round(amount, minorUnits);

    /// <summary>A line of its own: positive debits, negative credits, zero is dropped.</summary>
    public void Line(AccountRole role, string account, decimal signedDebit, string? costCenter, string? project, string? memo)
    {
        if (signedDebit > 0m)
        {
            _lines.Add(new JournalLine(role, account, signedDebit, 0m, costCenter, project, memo));
        }
        else if (signedDebit < 0m)
        {
            _lines.Add(new JournalLine(role, account, 0m, -signedDebit, costCenter, project, memo));
        }
    }

    /// <summary>Adds to the netted line of (role, account, bucket); the first memo given names it.</summary>
    public void Settle(AccountRole role, string account, decimal signedDebit, string? memo, string? bucket = null)
    {
        var key = (role, account, bucket);
        if (_settlements.TryGetValue(key, out var sum))
        {
            _settlements[key] = sum + signedDebit;
        }
        else
        {
            _settlements[key] = signedDebit;
            _settlementKeys.Add((role, account, bucket, memo));
        }
    }

    public IReadOnlyList<JournalLine> Build()
    {
        var lines = new List<JournalLine>(_lines.Count + _settlementKeys.Count);
        lines.AddRange(_lines);
        foreach (var (role, account, bucket, memo) in _settlementKeys)
        {
            var net = _settlements[(role, account, bucket)];
            if (net > 0m)
            {
                lines.Add(new JournalLine(role, account, net, 0m, Memo: memo));
            }
            else if (net < 0m)
            {
                lines.Add(new JournalLine(role, account, 0m, -net, Memo: memo));
            }
        }

        return lines;
    }
}
