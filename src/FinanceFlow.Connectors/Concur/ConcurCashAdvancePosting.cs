using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;

namespace FinanceFlow.Connectors.Concur;

/// <summary>The cash-advance half of <see cref="ConcurPostingRules"/>: issue (DR clearing, owed to the employee) and return (the reverse).</summary>
internal static class ConcurCashAdvancePosting
{
    public static JournalEntry Build(ConcurFinancialDocument document, ConcurCashAdvanceDocument advance, AccountMap accounts, ConcurCompanyPosting settings, DateOnly accountingDate)
    {
        var data = advance.CashAdvanceData!;
        var currency = (data.EmployeeCurrencyAlphaCode ?? data.CurrencyAlphaCode)!.Trim().ToUpperInvariant();
        var employeeId = advance.EmployeeData!.EmployeeId!.Trim();
        var journal = new ConcurJournalBuilder(ConcurDocumentFacts.MinorUnits(currency));
        var memo = $"Cash advance {data.CashAdvanceId} | {advance.EmployeeData.DisplayName} ({employeeId})";

        foreach (var row in advance.JournalData!)
        {
            var amount = journal.Round(row.Amount!.Value);
            var signed = ConcurPaymentCodes.Normalize(row.DebitOrCredit) switch
            {
                "DR" => Math.Abs(amount),
                "CR" => -Math.Abs(amount),
                _ => amount,
            };
            var payer = ConcurPaymentCodes.Normalize(row.Payer);
            var counterparty = payer == ConcurPaymentCodes.Company ? ConcurPaymentCodes.Normalize(row.Payee)! : payer!;
            var clearing = settings.UseDocumentAccountCodes && !string.IsNullOrWhiteSpace(row.AccountCode)
                ? row.AccountCode.Trim()
                : accounts.Resolve(AccountRole.CashAdvanceClearing, null, employeeId);
            var role = ConcurPostingRules.SettlementRole(counterparty, settings);

            journal.Settle(AccountRole.CashAdvanceClearing, clearing, signed, memo);
            journal.Settle(role, accounts.Resolve(role, null, employeeId), -signed, memo);
        }

        var key = new ReportKey(SourceNames.Concur, ConcurCashAdvanceMapper.ReportId(document, advance));
        return new JournalEntry(
            ExternalReference.For(key),
            ConcurDocumentFacts.LegalEntity(document, settings),
            accountingDate,
            currency,
            string.IsNullOrWhiteSpace(data.Name) ? $"concur cash advance {data.CashAdvanceId}" : $"concur cash advance {data.CashAdvanceId} | {data.Name.Trim()}",
            journal.Build(),
            PreviousReference: ExternalReference.PreviousFor(key),
            Employee: employeeId);
    }
}
