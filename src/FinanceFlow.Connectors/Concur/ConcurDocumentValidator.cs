using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Connectors.Concur;

/// <summary>Required fields and known codes; pointers are into the received body.</summary>
internal static class ConcurDocumentValidator
{
    private const string Required = "is required";

    public static void Check(ConcurExpenseDocument document, string root, List<FieldError> errors)
    {
        if (document.Employee is null)
        {
            errors.Add(new(root + "/employee", Required));
        }
        else if (string.IsNullOrWhiteSpace(document.Employee.EmployeeId))
        {
            errors.Add(new(root + "/employee/employeeId", Required));
        }

        if (document.Report is not { } report)
        {
            errors.Add(new(root + "/report", Required));
        }
        else
        {
            if (string.IsNullOrWhiteSpace(report.ReportId))
            {
                errors.Add(new(root + "/report/reportId", Required));
            }

            CheckCurrency(report.EmployeeCurrencyAlphaCode, root + "/report/employeeCurrencyAlphaCode", errors);
        }

        if (document.ExpenseEntry is not { } entries)
        {
            errors.Add(new(root + "/expenseEntry", Required));
            return;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            CheckEntry(entries[i], $"{root}/expenseEntry/{i}", errors);
        }

        var applications = document.CashAdvanceApplication ?? [];
        for (var i = 0; i < applications.Count; i++)
        {
            if (applications[i].CashAdvanceApplicationAmount is null)
            {
                errors.Add(new($"{root}/cashAdvanceApplication/{i}/cashAdvanceApplicationAmount", Required));
            }
        }
    }

    public static void Check(ConcurCashAdvanceDocument document, string root, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(document.EmployeeData?.EmployeeId))
        {
            errors.Add(new(root + (document.EmployeeData is null ? "/employeeData" : "/employeeData/employeeId"), Required));
        }

        if (document.CashAdvanceData is not { } data)
        {
            errors.Add(new(root + "/cashAdvanceData", Required));
        }
        else
        {
            if (string.IsNullOrWhiteSpace(data.CashAdvanceId))
            {
                errors.Add(new(root + "/cashAdvanceData/cashAdvanceId", Required));
            }

            CheckCurrency(data.EmployeeCurrencyAlphaCode ?? data.CurrencyAlphaCode, root + "/cashAdvanceData/employeeCurrencyAlphaCode", errors);
        }

        if (document.JournalData is not { Count: > 0 } rows)
        {
            errors.Add(new(root + "/journalData", "needs at least one journal row"));
            return;
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var path = $"{root}/journalData/{i}";
            if (rows[i].Amount is null)
            {
                errors.Add(new(path + "/amount", Required));
            }

            if (ConcurPaymentCodes.Normalize(rows[i].DebitOrCredit) is { Length: > 0 } side && side is not ("DR" or "CR"))
            {
                errors.Add(new(path + "/debitOrCredit", $"'{rows[i].DebitOrCredit}' is neither DR nor CR"));
            }

            CheckPair(rows[i].Payer, rows[i].Payee, path + "/payer", errors);
        }
    }

    private static void CheckEntry(ConcurExpenseEntry entry, string path, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(entry.EntryId))
        {
            errors.Add(new(path + "/entryId", Required));
        }

        if (string.IsNullOrWhiteSpace(entry.ExpenseTypeName) && string.IsNullOrWhiteSpace(entry.ExpenseTypeCode))
        {
            errors.Add(new(path + "/expenseTypeCode", Required));
        }

        if (entry.EntryApprovedAmount is null)
        {
            errors.Add(new(path + "/entryApprovedAmount", Required));
        }

        if (entry.Allocation is not { Count: > 0 } allocations)
        {
            errors.Add(new(path + "/allocation", "needs at least one allocation with its journal rows"));
            return;
        }

        for (var a = 0; a < allocations.Count; a++)
        {
            var allocationPath = $"{path}/allocation/{a}";
            var journal = allocations[a].Journal ?? [];
            if (journal.Count == 0)
            {
                errors.Add(new(allocationPath + "/journal", "needs at least one journal row"));
            }

            for (var j = 0; j < journal.Count; j++)
            {
                var rowPath = $"{allocationPath}/journal/{j}";
                if (journal[j].AmountGross is not { } gross)
                {
                    errors.Add(new(rowPath + "/amountGross", Required));
                }
                else if (gross != 0m)
                {
                    CheckFlow(journal[j], ConcurPaymentCodes.IsYes(entry.EntryIsPersonal), rowPath + "/journalPayer", errors);
                }
            }

            var taxes = allocations[a].Tax ?? [];
            for (var t = 0; t < taxes.Count; t++)
            {
                var taxPath = $"{allocationPath}/tax/{t}";
                if (taxes[t].AmountTax is not { } tax)
                {
                    errors.Add(new(taxPath + "/amountTax", Required));
                }
                else if (Math.Abs(taxes[t].AmountReclaim ?? 0m) > Math.Abs(tax))
                {
                    errors.Add(new(taxPath + "/amountReclaim", $"reclaims {taxes[t].AmountReclaim} of a tax of {tax}"));
                }
            }
        }
    }

    // Zero rows post nothing, so their codes are not checked.
    private static void CheckFlow(ConcurJournalRow row, bool personal, string path, List<FieldError> errors)
    {
        if (ConcurRowFlow.Classify(row.JournalPayer, row.JournalPayee, personal) is null)
        {
            errors.Add(new(path, personal
                ? $"payer '{row.JournalPayer}' → payee '{row.JournalPayee}' cannot be posted on a personal entry (entryIsPersonal Y): the company pays a card (COMP → IBCP/CBCP/COPD) or the employee owes it (EMPL → COMP/IBCP/CBCP/COPD)"
                : $"payer '{row.JournalPayer}' → payee '{row.JournalPayee}' is not a known combination (COMP → EMPL/IBIP/IBCP/CBCP/COPD, the reverse for a credit, EMPL → IBCP/CBCP/COPD)"));
        }
    }

    private static void CheckPair(string? payer, string? payee, string path, List<FieldError> errors)
    {
        var from = ConcurPaymentCodes.Normalize(payer);
        var to = ConcurPaymentCodes.Normalize(payee);
        if (!ConcurPaymentCodes.IsSupported(from, to))
        {
            errors.Add(new(path, $"payer '{payer}' → payee '{payee}' is not a known combination (COMP → EMPL/IBCP/CBCP/COPD, EMPL → COMP/IBCP/CBCP)"));
        }
    }

    private static void CheckCurrency(string? code, string path, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            errors.Add(new(path, Required));
        }
        else if (!Currencies.IsKnown(code.Trim().ToUpperInvariant()))
        {
            errors.Add(new(path, $"'{code}' is not an active ISO 4217 currency code"));
        }
    }
}
