using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Posting;

namespace FinanceFlow.Connectors.Concur;

/// <summary>Builds the journal of an FIS document from the document's own journal rows, payer and payee codes and tax items.</summary>
/// <remarks>
/// Per journal row (see <see cref="ConcurRowKind"/>; docs/concur-posting.md has the use-case table):
/// business COMP → EMPL/IBIP/IBCP/CBCP/COPD: debit the expense (net of tax, each tax item's reclaim to input tax and
/// the rest to expense), credit the payee's account; a negative amount is a credit. Business EMPL/card → COMP is a
/// credit the party gives back (use case 1.2, a card credit): credit the expense, debit the party, whatever the sign.
/// Personal entries never touch an expense account: COMP → card credits the card; the employee vendor is debited for
/// what they owe (EMPL → COMP, EMPL → CBCP/COPD, or a lone COMP → card row), and when the document carries both halves
/// they meet in the card clearing account. EMPL → IBCP (the employee pays their own card) posts nothing. Without
/// offsetting (offsetPayType N) the employee's debt is a line of its own; with it, it nets against what they are owed.
/// Cash-advance applications credit the clearing account and reduce what the employee is owed.
/// </remarks>
public static class ConcurPostingRules
{
    /// <summary>The journal of a parsed, valid expense or cash-advance document.</summary>
    public static JournalEntry BuildJournal(ConcurFinancialDocument document, AccountMap accounts, ConcurPostingOptions options, DateOnly accountingDate)
    {
        var settings = options.For(document.CompanyId);
        if (document.Expense is { } expense)
        {
            return ConcurExpensePosting.Build(document, expense, accounts, settings, accountingDate);
        }

        if (document.CashAdvance is { } advance)
        {
            return ConcurCashAdvancePosting.Build(document, advance, accounts, settings, accountingDate);
        }

        throw new ArgumentException("The document has neither an expense nor a cash-advance body.", nameof(document));
    }

    /// <summary>The date the document itself suggests: approvals completed (expense) or issued (cash advance).</summary>
    public static DateOnly? AccountingDateOf(ConcurFinancialDocument document) =>
        document.Expense?.Report is { } report
            ? ConcurDocumentFacts.Date(report.ReportPaymentProcessingDate ?? report.ReportSubmitDate ?? report.ReportCreationDate)
            : ConcurDocumentFacts.Date(document.CashAdvance?.CashAdvanceData?.IssuedDate ?? document.CashAdvance?.CashAdvanceData?.RequestDate);

    /// <summary>The role a company-paid charge (or the employee) is credited to.</summary>
    internal static AccountRole SettlementRole(string? party, ConcurCompanyPosting settings)
    {
        var credit = party switch
        {
            ConcurPaymentCodes.Employee => ConcurCardCredit.EmployeeVendor,
            ConcurPaymentCodes.IndividuallyBilledCard => settings.IndividuallyBilledCard,
            ConcurPaymentCodes.CompanyBilledCard => settings.CompanyBilledCard,
            ConcurPaymentCodes.CompanyPaid => settings.CompanyPaid,
            _ => throw new InvalidOperationException($"'{party}' is not a payee the posting rules know; the parser should have refused it."),
        };

        return credit switch
        {
            ConcurCardCredit.EmployeeVendor => AccountRole.EmployeePayable,
            ConcurCardCredit.CardClearing => AccountRole.CardClearing,
            _ => AccountRole.CardPayable,
        };
    }
}
