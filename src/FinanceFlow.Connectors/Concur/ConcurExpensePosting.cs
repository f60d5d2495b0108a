using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using static System.FormattableString;

namespace FinanceFlow.Connectors.Concur;

/// <summary>The expense-document half of <see cref="ConcurPostingRules"/>.</summary>
internal static class ConcurExpensePosting
{
    private const string PersonalBucket = "personal";

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
            // Concur sends an application negative (it reduces what the employee is paid); either sign clears the advance.
            var amount = -Math.Abs(context.Journal.Round(application.CashAdvanceApplicationAmount!.Value));
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
            PreviousReference: ExternalReference.PreviousFor(key),
            Employee: context.EmployeeId);
    }

    private static void PostEntry(Context context, ConcurExpenseEntry entry)
    {
        var journal = context.Journal;
        var personal = ConcurPaymentCodes.IsYes(entry.EntryIsPersonal);
        var memo = Memo(entry);
        var rows = new List<(ConcurAllocation Allocation, ConcurJournalRow Row, ConcurRowKind Kind, decimal Amount)>();
        foreach (var allocation in entry.Allocation!)
        {
            foreach (var row in allocation.Journal ?? [])
            {
                var amount = journal.Round(row.AmountGross!.Value);
                if (amount != 0m)
                {
                    rows.Add((allocation, row, ConcurRowFlow.Classify(row.JournalPayer, row.JournalPayee, personal)!.Value, amount));
                }
            }
        }

        // A personal charge and the employee's debt for it, both in the document, meet in the card clearing account.
        var charges = rows.Where(r => r.Kind == ConcurRowKind.PersonalCharge).ToList();
        var debts = rows.Where(r => r.Kind == ConcurRowKind.EmployeeOwes).ToList();
        var viaClearing = charges.Count > 0 && debts.Count > 0;
        var clearingAccount = context.Settings.UseDocumentAccountCodes
            && FirstCode([.. charges.Select(r => r.Row.JournalAccountCode), .. debts.Select(r => r.Row.JournalAccountCode), entry.ClearingAccountCode]) is { } code
            ? code
            : context.Accounts.Resolve(AccountRole.CardClearing, null, context.EmployeeId);
        var debtSign = charges.Sum(r => r.Amount) < 0m ? -1m : 1m;

        foreach (var (allocation, row, kind, amount) in rows)
        {
            switch (kind)
            {
                case ConcurRowKind.CompanyPays:
                    PostExpense(context, entry, allocation, row, amount, memo);
                    Settle(context, entry, ConcurRowFlow.Counterparty(row), -amount);
                    break;
                case ConcurRowKind.PartyRefunds:
                    // Use case 1.2 sends its cash credit as EMPL → COMP, -50; a card credit comes the same way from the card.
                    PostExpense(context, entry, allocation, row, -Math.Abs(amount), memo);
                    Settle(context, entry, ConcurRowFlow.Counterparty(row), Math.Abs(amount));
                    break;
                case ConcurRowKind.PersonalCharge:
                    Settle(context, entry, ConcurRowFlow.Party(row.JournalPayee), -amount);
                    if (viaClearing)
                    {
                        journal.Settle(AccountRole.CardClearing, clearingAccount, amount, memo + " | personal charge");
                    }
                    else
                    {
                        EmployeeOwes(context, entry, amount);
                    }

                    break;
                case ConcurRowKind.EmployeeOwes:
                    // Money the employee owes is a debit of the employee vendor, whichever sign the row carries.
                    var owed = debtSign * Math.Abs(amount);
                    EmployeeOwes(context, entry, owed);
                    if (viaClearing)
                    {
                        journal.Settle(AccountRole.CardClearing, clearingAccount, -owed, memo + " | personal charge");
                    }
                    else
                    {
                        var card = ConcurPaymentCodes.Normalize(row.JournalPayee) == ConcurPaymentCodes.Company ? CardCode(entry, rows.Select(r => r.Row)) : ConcurRowFlow.Party(row.JournalPayee);
                        Settle(context, entry, card, -owed);
                    }

                    break;
                case ConcurRowKind.EmployeePaysOwnCard:
                    // EMPL → IBCP: the employee pays the personal part of their own card; not the company's books.
                    break;
            }
        }
    }

    // Offsetting (offsetPayType Y) nets the debt against what the employee is owed; otherwise it stays a line of its own.
    private static void EmployeeOwes(Context context, ConcurExpenseEntry entry, decimal signedDebit) =>
        context.Journal.Settle(
            AccountRole.EmployeePayable,
            context.EmployeeAccount,
            signedDebit,
            ConcurPaymentCodes.IsYes(entry.OffsetPayType) ? context.EmployeeMemo : context.EmployeeMemo + " | personal charges",
            ConcurPaymentCodes.IsYes(entry.OffsetPayType) ? null : PersonalBucket);

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

        // A credit sent with a positive gross (see PartyRefunds) has its net and tax amounts positive too: turn them with it.
        var sign = Math.Sign(row.AmountGross!.Value) == Math.Sign(amount) ? 1m : -1m;
        if (taxes.Count == 0)
        {
            // No tax items: the reclaim, if any, is what amountNetOfReclaim leaves out of the gross.
            var reclaim = row.AmountNetOfReclaim is { } netOfReclaim ? amount - (sign * journal.Round(netOfReclaim)) : 0m;
            journal.Line(AccountRole.Expense, account, amount - reclaim, costCenter, project, memo);
            journal.Line(AccountRole.InputTax, context.InputTaxAccount(entry), reclaim, null, null, memo + " | input tax");
            return;
        }

        // Net of tax is derived from the gross so the row's lines always add back to it exactly.
        var taxAmounts = taxes.Select(t => sign * journal.Round(t.AmountTax!.Value)).ToList();
        journal.Line(AccountRole.Expense, account, amount - taxAmounts.Sum(), costCenter, project, memo);
        for (var i = 0; i < taxes.Count; i++)
        {
            var reclaim = sign * journal.Round(taxes[i].AmountReclaim ?? 0m);
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

    // A personal entry that only says EMPL → COMP: the card it was charged to comes from the entry's payment type (IBCP when none says).
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
