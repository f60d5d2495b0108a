using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Connectors.Concur;

/// <summary>Collects expense-side lines one by one and nets the settlement side per (role, account).</summary>
/// <remarks>
/// Every posting adds a signed debit and the same amount back as a signed settlement, so the journal balances by
/// construction. Settlement lines are netted: a cash advance applied reduces what the employee is owed, and a
/// personal charge with its offset leaves only "employee owes the card".
/// </remarks>
internal sealed class ConcurJournalBuilder(int minorUnits)
{
    private readonly List<JournalLine> _lines = [];
    private readonly List<(AccountRole Role, string Account, string? Memo)> _settlementKeys = [];
    private readonly Dictionary<(AccountRole, string), decimal> _settlements = [];

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

    /// <summary>Adds to the netted line of (role, account); the first memo given names it.</summary>
    public void Settle(AccountRole role, string account, decimal signedDebit, string? memo)
    {
        var key = (role, account);
        if (_settlements.TryGetValue(key, out var sum))
        {
            _settlements[key] = sum + signedDebit;
        }
        else
        {
            _settlements[key] = signedDebit;
            _settlementKeys.Add((role, account, memo));
        }
    }

    public IReadOnlyList<JournalLine> Build()
    {
        var lines = new List<JournalLine>(_lines.Count + _settlementKeys.Count);
        lines.AddRange(_lines);
        foreach (var (role, account, memo) in _settlementKeys)
        {
            var net = _settlements[(role, account)];
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
