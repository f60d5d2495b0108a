using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using static System.FormattableString;

namespace FinanceFlow.Core.Posting;

/// <summary>Turns an approved report into one balanced journal entry.</summary>
/// <remarks>
/// Debits, line by line: the expense (gross less reclaimable tax), split over the line's allocations, then
/// the line's reclaimable tax to input tax. Input tax is one journal line per expense line, not aggregated per
/// tax code, so each tax amount can be traced to its receipt. Credits: what the employee paid (out of pocket)
/// is owed to the employee; what the company card paid is owed to the card issuer, unless the card feed already
/// booked that transaction (debit CardClearing, credit CardPayable): then the line clears it, crediting CardClearing.
/// Debits equal credits because each line's expense and tax add back to its gross.
/// </remarks>
public static class PostingRules
{
    /// <param name="clearedCardTransactions">Card transactions whose batch is in the ledger and that this report may clear; null or empty: none.</param>
    public static JournalEntry BuildJournal(ExpenseReport report, IAccountResolver accounts, DateOnly accountingDate, IReadOnlyCollection<string>? clearedCardTransactions = null)
    {
        // Unknown currencies are stopped by policy and journal validation; 2 keeps the arithmetic defined.
        var minorUnits = Currencies.TryGetMinorUnits(report.Currency, out var units) ? units : 2;
        var employee = report.Employee.Id;
        var lines = new List<JournalLine>();
        foreach (var line in report.Lines)
        {
            lines.AddRange(LineDebits(line, accounts, employee, minorUnits));
        }

        var outOfPocket = report.Lines.Where(l => l.PaymentType == PaymentType.OutOfPocket).Sum(l => l.GrossAmount);
        var card = report.Lines.Where(l => l.PaymentType == PaymentType.CompanyCard && !Clears(l, clearedCardTransactions)).Sum(l => l.GrossAmount);
        var clearing = report.Lines.Where(l => Clears(l, clearedCardTransactions))
            .GroupBy(l => l.CardTransactionId!, StringComparer.Ordinal)
            .Select(g => new ClearedCardAmount(g.Key, g.Sum(l => l.GrossAmount)))
            .ToList();
        lines.AddRange(Payables(report, accounts, outOfPocket, card, clearing));

        // A credit line (negative gross) gives negative amounts above: each goes to the other side, so every
        // journal line carries one positive amount and the entry still balances.
        return new JournalEntry(
            ExternalReference.For(report.Key),
            report.LegalEntity,
            accountingDate,
            report.Currency,
            Description(report),
            lines.ConvertAll(ToPositiveSide),
            PreviousReference: ExternalReference.PreviousFor(report.Key),
            Employee: employee);
    }

    /// <summary>The debits of one expense line: its expense split over the allocations, then its reclaimable tax. Amounts may be negative (credits).</summary>
    public static IReadOnlyList<JournalLine> LineDebits(ExpenseLine line, IAccountResolver accounts, string employeeId, int minorUnits)
    {
        var memo = Memo(line);
        var reclaimable = Currencies.Round(line.TaxAmount * line.TaxDeductiblePercent / 100m, minorUnits);
        var expense = line.GrossAmount - reclaimable;
        var expenseAccount = accounts.Resolve(AccountRole.Expense, line, employeeId);
        var lines = new List<JournalLine>(line.Allocations.Count + 2);

        if (line.Allocations.Count == 0)
        {
            lines.Add(new JournalLine(AccountRole.Expense, expenseAccount, expense, 0m, Memo: memo));
        }
        else
        {
            var weights = line.Allocations.Select(a => a.Percent ?? a.Amount ?? 0m).ToList();
            var parts = AmountSplitter.Split(expense, weights, minorUnits);
            for (var i = 0; i < parts.Count; i++)
            {
                if (parts[i] != 0m)
                {
                    var allocation = line.Allocations[i];
                    lines.Add(new JournalLine(AccountRole.Expense, expenseAccount, parts[i], 0m, allocation.CostCenter, allocation.Project, memo));
                }
            }
        }

        if (reclaimable != 0m)
        {
            var taxMemo = Invariant($"{memo} | input tax {line.TaxCode ?? "(no code)"} {line.TaxDeductiblePercent}% of {line.TaxAmount}");
            lines.Add(new JournalLine(AccountRole.InputTax, accounts.Resolve(AccountRole.InputTax, line, employeeId), reclaimable, 0m, Memo: taxMemo));
        }

        return lines;
    }

    /// <summary>True for a company-card line naming a card transaction the feed already booked, which the line therefore clears.</summary>
    public static bool Clears(ExpenseLine line, IReadOnlyCollection<string>? clearedCardTransactions) =>
        line.PaymentType == PaymentType.CompanyCard
        && line.CardTransactionId is { } id
        && clearedCardTransactions is { Count: > 0 }
        && clearedCardTransactions.Contains(id);

    /// <summary>
    /// The credits: out-of-pocket spend owed to the employee, company-card spend owed to the card issuer, and one CardClearing
    /// credit per card transaction the feed already booked. Amounts may be negative.
    /// </summary>
    public static IReadOnlyList<JournalLine> Payables(ExpenseReport report, IAccountResolver accounts, decimal outOfPocket, decimal card, IReadOnlyList<ClearedCardAmount>? clearing = null)
    {
        var employee = report.Employee.Id;
        var lines = new List<JournalLine>(2 + (clearing?.Count ?? 0));
        if (outOfPocket != 0m)
        {
            lines.Add(new JournalLine(
                AccountRole.EmployeePayable, accounts.Resolve(AccountRole.EmployeePayable, null, employee), 0m, outOfPocket, Memo: $"Owed to {report.Employee.Name} ({employee})"));
        }

        if (card != 0m)
        {
            lines.Add(new JournalLine(
                AccountRole.CardPayable, accounts.Resolve(AccountRole.CardPayable, null, employee), 0m, card, Memo: $"Company card, {report.Employee.Name} ({employee})"));
        }

        foreach (var cleared in clearing ?? [])
        {
            if (cleared.Amount != 0m)
            {
                lines.Add(new JournalLine(
                    AccountRole.CardClearing, accounts.Resolve(AccountRole.CardClearing, null, employee), 0m, cleared.Amount,
                    Memo: $"Card transaction {cleared.TransactionId} cleared, {report.Employee.Name} ({employee})"));
            }
        }

        return lines;
    }

    /// <summary>The journal description: source, report, version and title.</summary>
    public static string Description(ExpenseReport report)
    {
        var head = Invariant($"{report.Source} report {report.ReportId} v{report.Version}");
        return string.IsNullOrWhiteSpace(report.Title) ? head : $"{head} | {report.Title}";
    }

    /// <summary>A line with a negative amount moved to the other side, so each journal line carries one positive amount.</summary>
    public static JournalLine ToPositiveSide(JournalLine line) =>
        line.Debit < 0 || line.Credit < 0
            ? line with { Debit = Math.Max(-line.Credit, 0m) + Math.Max(line.Debit, 0m), Credit = Math.Max(-line.Debit, 0m) + Math.Max(line.Credit, 0m) }
            : line;

    private static string Memo(ExpenseLine line) =>
        string.Join(" | ", new[] { "Line " + line.LineId, line.Merchant, line.Description }.Where(p => !string.IsNullOrWhiteSpace(p)));
}
