using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;

namespace FinanceFlow.Core.Enrichment;

/// <summary>
/// Builds one entity's journal from its enriched batch: the posting rules in the report currency, each amount then
/// converted into the functional currency with its line's rate and rounded to the currency's minor unit, and the
/// difference rounding leaves posted to the entity's rounding account, so the journal balances where it is booked.
/// </summary>
public static class EntityJournalBuilder
{
    /// <param name="homeEntity">The report's own entity: its journal keeps the report's reference, the others get <c>.{ENTITY}</c> appended.</param>
    /// <param name="clearedCardTransactions">Card transactions the feed already booked: lines naming them credit CardClearing.</param>
    public static JournalEntry Build(EntityBatch batch, string homeEntity, IReadOnlyCollection<string>? clearedCardTransactions = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var report = batch.Report;
        var sourceUnits = Currencies.TryGetMinorUnits(report.Currency, out var s) ? s : 2;
        var targetUnits = Currencies.TryGetMinorUnits(batch.FunctionalCurrency, out var t) ? t : 2;
        var lines = new List<JournalLine>();

        for (var i = 0; i < report.Lines.Count; i++)
        {
            var fx = batch.Lines[i].Fx;
            foreach (var debit in PostingRules.LineDebits(report.Lines[i], new Accounts(batch, i), batch.EmployeeErpId, sourceUnits))
            {
                lines.Add(Convert(debit, fx, report.Currency, targetUnits));
            }
        }

        lines.AddRange(Payables(batch, targetUnits, clearedCardTransactions));

        var imbalance = lines.Sum(l => l.Debit) - lines.Sum(l => l.Credit);
        if (imbalance != 0m)
        {
            lines.Add(new JournalLine(AccountRole.Rounding, batch.RoleAccounts[AccountRole.Rounding], 0m, imbalance,
                Memo: $"FX rounding {report.Currency}→{batch.FunctionalCurrency}"));
        }

        var home = string.Equals(batch.Entity, homeEntity, StringComparison.OrdinalIgnoreCase);
        var reference = home ? ExternalReference.For(report.Key) : ExternalReference.ForEntity(report.Key, batch.Entity);
        return new JournalEntry(
            reference,
            batch.Entity,
            batch.AccountingDate,
            batch.FunctionalCurrency,
            PostingRules.Description(report),
            lines.ConvertAll(PostingRules.ToPositiveSide),
            batch.Ledger,
            batch.OriginalAccountingDate,
            batch.MappingVersions,
            home ? ExternalReference.PreviousFor(report.Key) : ExternalReference.PreviousForEntity(report.Key, batch.Entity),
            report.Employee.Id,
            batch.PostingObject,
            string.IsNullOrWhiteSpace(batch.EmployeeErpId) ? null : batch.EmployeeErpId);
    }

    /// <summary>
    /// The payables in the functional currency. With one rate for the whole report the total is converted at that rate (what the
    /// employee is owed); with a rate per line, the converted lines are added up.
    /// </summary>
    private static IEnumerable<JournalLine> Payables(EntityBatch batch, int targetUnits, IReadOnlyCollection<string>? cleared)
    {
        var report = batch.Report;
        var resolver = new Accounts(batch, -1);
        var outOfPocket = Sum(batch, l => l.PaymentType == PaymentType.OutOfPocket, targetUnits);
        var card = Sum(batch, l => l.PaymentType == PaymentType.CompanyCard && !PostingRules.Clears(l, cleared), targetUnits);
        var clearing = report.Lines.Where(l => PostingRules.Clears(l, cleared)).Select(l => l.CardTransactionId!).Distinct(StringComparer.Ordinal)
            .Select(id => (Id: id, Sum: Sum(batch, l => PostingRules.Clears(l, cleared) && l.CardTransactionId == id, targetUnits)))
            .ToList();
        var payables = PostingRules.Payables(report, resolver, outOfPocket.Converted, card.Converted, [.. clearing.Select(c => new ClearedCardAmount(c.Id, c.Sum.Converted))]);

        // Payables keeps the order employee, card, then the cleared transactions in the order given.
        var clearedFx = clearing.Where(c => c.Sum.Converted != 0m).Select(c => c.Sum.Fx).ToList();
        var index = 0;
        return payables.Select(line => line with
        {
            Fx = line.Role switch
            {
                AccountRole.EmployeePayable => outOfPocket.Fx,
                AccountRole.CardPayable => card.Fx,
                _ => clearedFx[index++],
            },
        }).ToList();
    }

    private static (decimal Converted, FxConversion? Fx) Sum(EntityBatch batch, Func<ExpenseLine, bool> include, int targetUnits)
    {
        var report = batch.Report;
        var indexes = Enumerable.Range(0, report.Lines.Count).Where(i => include(report.Lines[i])).ToList();
        var amount = indexes.Sum(i => report.Lines[i].GrossAmount);
        if (!batch.Converts || indexes.Count == 0)
        {
            return (amount, null);
        }

        var rates = indexes.Select(i => batch.Lines[i].Fx!).Distinct().ToList();
        if (rates.Count == 1)
        {
            var rate = rates[0];
            return (Currencies.Round(amount * rate.Rate, targetUnits), new FxConversion(report.Currency, amount, rate.Rate, rate.RateDate, rate.RateSource));
        }

        var converted = indexes.Sum(i => Currencies.Round(report.Lines[i].GrossAmount * batch.Lines[i].Fx!.Rate, targetUnits));
        var effective = amount == 0m ? 0m : decimal.Round(converted / amount, 10);
        var latest = rates.Max(r => r.RateDate);
        return (converted, new FxConversion(report.Currency, amount, effective, latest, $"sum of {indexes.Count} lines at their own rates"));
    }

    private static JournalLine Convert(JournalLine line, LineRate? fx, string from, int targetUnits) =>
        fx is null
            ? line
            : line with
            {
                Debit = Currencies.Round(line.Debit * fx.Rate, targetUnits),
                Credit = Currencies.Round(line.Credit * fx.Rate, targetUnits),
                Fx = new FxConversion(from, line.Debit != 0m ? line.Debit : line.Credit, fx.Rate, fx.RateDate, fx.RateSource),
            };

    /// <summary>The batch's accounts for one line (or, at index -1, for the report-level roles).</summary>
    private sealed class Accounts(EntityBatch batch, int index) : IAccountResolver
    {
        public string Resolve(AccountRole role, ExpenseLine? line, string employeeId) => role switch
        {
            AccountRole.Expense => batch.Lines[index].ExpenseAccount,
            AccountRole.InputTax when index >= 0 && batch.Lines[index].InputTaxAccount is { } own => own,
            _ => batch.RoleAccounts.TryGetValue(role, out var account)
                ? account
                : throw new InvalidOperationException($"Entity {batch.Entity} has no account for role {role}; enrichment should have found it."),
        };
    }
}
