using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using static System.FormattableString;

namespace FinanceFlow.Connectors.Concur;

/// <summary>The expense-document half of <see cref="ConcurPostingRules"/>.</summary>
internal static class ConcurExpensePosting
{
    public static JournalEntry Build(ConcurFinancialDocument document, ConcurExpenseDocument expense, AccountMap accounts, ConcurCompanyPosting settings, DateOnly accountingDate)
    {
        var report = expense.Report!;
        var currency = ConcurDocumentFacts.Currency(report);
        var context = new Context(new ConcurJournalBuilder(ConcurDocumentFacts.MinorUnits(currency)), accounts, settings, expense.Employee!);

        foreach (var entry in expense.ExpenseEntry!)
        {
            PostEntry(context, entry);
        }

        foreach (var application in expense.CashAdvanceApplication ?? [])
        {
            var amount = context.Journal.Round(application.CashAdvanceApplicationAmount!.Value);
            var account = settings.UseDocumentAccountCodes && !string.IsNullOrWhiteSpace(application.CashAdvanceClearingAccountCode)
                ? application.CashAdvanceClearingAccountCode.Trim()
                : accounts.Resolve(AccountRole.CashAdvanceClearing, null, context.EmployeeId);
            context.Journal.Settle(AccountRole.CashAdvanceClearing, account, amount, $"Cash advance {application.CashAdvanceId} applied");
            context.Journal.Settle(AccountRole.EmployeePayable, context.EmployeeAccount, -amount, context.EmployeeMemo);
        }

        var reportId = report.ReportId!.Trim();
        var key = new ReportKey(SourceNames.Concur, reportId);
        var head = Invariant($"concur report {reportId} v{ConcurDocumentFacts.Version(report)}");
        return new JournalEntry(
            ExternalReference.For(key),
            ConcurDocumentFacts.LegalEntity(document, settings),
            accountingDate,
            currency,
            string.IsNullOrWhiteSpace(report.ReportName) ? head : $"{head} | {report.ReportName.Trim()}",
            context.Journal.Build(),
            PreviousReference: ExternalReference.PreviousFor(key));
    }

    private static void PostEntry(Context context, ConcurExpenseEntry entry)
    {
        var journal = context.Journal;
        var personal = ConcurPaymentCodes.IsYes(entry.EntryIsPersonal);
        var rows = entry.Allocation!.SelectMany(a => (a.Journal ?? []).Select(row => (Allocation: a, Row: row))).ToList();
        var chargeRow = personal
            ? rows.Select(r => r.Row).FirstOrDefault(r => ConcurPaymentCodes.Normalize(r.JournalPayer) == ConcurPaymentCodes.Company && ConcurPaymentCodes.IsCompanyPaid(ConcurPaymentCodes.Normalize(r.JournalPayee)))
            : null;
        var clearingAccount = context.Settings.UseDocumentAccountCodes && FirstCode(chargeRow?.JournalAccountCode, entry.ClearingAccountCode) is { } code
            ? code
            : context.Accounts.Resolve(AccountRole.CardClearing, null, context.EmployeeId);
        var memo = Memo(entry);

        foreach (var (allocation, row) in rows)
        {
            var amount = journal.Round(row.AmountGross!.Value);
            if (amount == 0m)
            {
                continue;
            }

            var payer = ConcurPaymentCodes.Normalize(row.JournalPayer);
            var payee = ConcurPaymentCodes.Normalize(row.JournalPayee);
            if (payer == ConcurPaymentCodes.Company)
            {
                if (personal)
                {
                    // The company pays the whole charge; the personal part waits in clearing for the employee.
                    journal.Settle(AccountRole.CardClearing, clearingAccount, amount, memo + " | personal charge");
                }
                else
                {
                    PostExpense(context, entry, allocation, row, amount, memo);
                }

                Settle(context, entry, payee!, -amount);
            }
            else if (payee == ConcurPaymentCodes.Company && personal)
            {
                journal.Settle(AccountRole.EmployeePayable, context.EmployeeAccount, amount, context.EmployeeMemo);
                if (chargeRow is not null)
                {
                    journal.Settle(AccountRole.CardClearing, clearingAccount, -amount, memo + " | personal charge");
                }
                else
                {
                    Settle(context, entry, CardCode(entry, rows.Select(r => r.Row)), -amount);
                }
            }
            else if (payee == ConcurPaymentCodes.Company)
            {
                // A business credit the employee gives back (use case 1.2): negative expense, negative payable.
                PostExpense(context, entry, allocation, row, amount, memo);
                journal.Settle(AccountRole.EmployeePayable, context.EmployeeAccount, -amount, context.EmployeeMemo);
            }
            else
            {
                // EMPL → IBCP/CBCP: the employee owes the card charge.
                journal.Settle(AccountRole.EmployeePayable, context.EmployeeAccount, amount, context.EmployeeMemo);
                Settle(context, entry, payee!, -amount);
            }
        }
    }

    private static void PostExpense(Context context, ConcurExpenseEntry entry, ConcurAllocation allocation, ConcurJournalRow row, decimal amount, string memo)
    {
        var journal = context.Journal;
        var settings = context.Settings;
        var costCenter = ConcurDocumentFacts.CostObject(allocation, settings.CostCenterField);
        var project = ConcurDocumentFacts.CostObject(allocation, settings.ProjectField);
        var account = settings.UseDocumentAccountCodes && FirstCode(row.JournalAccountCode) is { } code
            ? code
            : context.Accounts.Resolve(AccountRole.Expense, ConcurDocumentFacts.ExpenseType(entry), context.EmployeeId);
        var taxes = ConcurDocumentFacts.TaxesOf(allocation, row);

        if (taxes.Count == 0)
        {
            // No tax items: the reclaim, if any, is what amountNetOfReclaim leaves out of the gross.
            var reclaim = row.AmountNetOfReclaim is { } netOfReclaim ? amount - journal.Round(netOfReclaim) : 0m;
            journal.Line(AccountRole.Expense, account, amount - reclaim, costCenter, project, memo);
            journal.Line(AccountRole.InputTax, context.InputTaxAccount(entry), reclaim, null, null, memo + " | input tax");
            return;
        }

        // Net of tax is derived from the gross so the row's lines always add back to it exactly.
        var taxAmounts = taxes.Select(t => journal.Round(t.AmountTax!.Value)).ToList();
        journal.Line(AccountRole.Expense, account, amount - taxAmounts.Sum(), costCenter, project, memo);
        for (var i = 0; i < taxes.Count; i++)
        {
            var reclaim = journal.Round(taxes[i].AmountReclaim ?? 0m);
            var label = TaxLabel(taxes[i]);
            journal.Line(AccountRole.InputTax, context.InputTaxAccount(entry), reclaim, null, null, Invariant($"{memo} | input tax {label}: {reclaim} of {taxAmounts[i]}"));
            journal.Line(AccountRole.Expense, account, taxAmounts[i] - reclaim, costCenter, project, Invariant($"{memo} | non-deductible tax {label}: {taxAmounts[i] - reclaim} of {taxAmounts[i]}"));
        }
    }

    private static void Settle(Context context, ConcurExpenseEntry entry, string party, decimal signedDebit)
    {
        var role = ConcurPostingRules.SettlementRole(party, context.Settings);
        var (account, memo) = role switch
        {
            AccountRole.EmployeePayable => (context.EmployeeAccount, context.EmployeeMemo),
            AccountRole.CardPayable when context.Settings.UseDocumentAccountCodes && FirstCode(entry.LiabilityAccountCode) is { } liability => (liability, $"Card vendor ({party})"),
            AccountRole.CardPayable => (context.Accounts.Resolve(role, null, context.EmployeeId), $"Card vendor ({party})"),
            _ => (context.Accounts.Resolve(role, null, context.EmployeeId), $"Card clearing ({party})"),
        };
        context.Journal.Settle(role, account, signedDebit, memo);
    }

    // A personal entry that only says EMPL → COMP: the card it was charged to comes from the entry's payment type.
    private static string CardCode(ConcurExpenseEntry entry, IEnumerable<ConcurJournalRow> rows) =>
        rows.Select(r => ConcurPaymentCodes.Normalize(r.JournalPayee)).FirstOrDefault(ConcurPaymentCodes.IsCompanyPaid)
        ?? new[] { entry.ReportEntryPatKey, entry.CardProgramTypeCode }.Select(ConcurPaymentCodes.Normalize).FirstOrDefault(ConcurPaymentCodes.IsCompanyPaid)
        ?? ConcurPaymentCodes.IndividuallyBilledCard;

    private static string? FirstCode(params string?[] codes) => codes.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c))?.Trim();

    private static string TaxLabel(ConcurTax tax) =>
        string.Join(' ', new[] { tax.TaxAuthorityLabel, tax.TaxCode ?? tax.TaxReclaimCode }.Where(p => !string.IsNullOrWhiteSpace(p))) is { Length: > 0 } label ? label : "tax";

    private static string Memo(ConcurExpenseEntry entry) =>
        string.Join(" | ", new[] { "Entry " + entry.EntryId, ConcurDocumentFacts.ExpenseType(entry), ConcurDocumentFacts.Merchant(entry) }.Where(p => !string.IsNullOrWhiteSpace(p)));

    private sealed class Context(ConcurJournalBuilder journal, AccountMap accounts, ConcurCompanyPosting settings, ConcurEmployee employee)
    {
        public ConcurJournalBuilder Journal { get; } = journal;

        public AccountMap Accounts { get; } = accounts;

        public ConcurCompanyPosting Settings { get; } = settings;

        public string EmployeeId { get; } = employee.EmployeeId!.Trim();

        public string EmployeeAccount { get; } = accounts.Resolve(AccountRole.EmployeePayable, null, employee.EmployeeId!.Trim());

        public string EmployeeMemo { get; } = $"Employee vendor {employee.DisplayName} ({employee.EmployeeId!.Trim()})";

        public string InputTaxAccount(ConcurExpenseEntry entry) => Accounts.Resolve(AccountRole.InputTax, ConcurDocumentFacts.ExpenseType(entry), EmployeeId);
    }
}
