using FinanceFlow.Core.Model;

namespace FinanceFlow.Connectors.Concur;

/// <summary>Maps an FIS cash-advance document to the canonical report the pipeline runs, and names it so an expense report can find it.</summary>
/// <remarks>
/// The issuance of advance A runs as report <c>cashadvance-A</c>: a report applying A looks up that status row to know whether the
/// ledger holds the advance. Any other cash-advance document of A (a return to the administrator) runs as <c>cashadvance-A-{docId}</c>.
/// The canonical report has one line, the amount moved on the clearing account; the journal is the document's own.
/// </remarks>
public static class ConcurCashAdvanceMapper
{
    /// <summary>The report id prefix of every cash-advance document.</summary>
    public const string ReportIdPrefix = "cashadvance-";

    /// <summary>The expense type of the one canonical line.</summary>
    public const string ExpenseType = "Cash advance";

    /// <summary>The report id under which the issuance of <paramref name="cashAdvanceId"/> runs.</summary>
    public static string IssuanceReportId(string cashAdvanceId) => ReportIdPrefix + cashAdvanceId.Trim();

    /// <summary>True for a report mapped from a cash-advance document.</summary>
    public static bool IsCashAdvance(ExpenseReport report) =>
        report.Source == SourceNames.Concur && report.ReportId.StartsWith(ReportIdPrefix, StringComparison.Ordinal);

    /// <summary>What the document moves on the clearing account: positive when it debits it (an issuance), negative for a return.</summary>
    public static decimal ClearingMovement(ConcurCashAdvanceDocument advance) =>
        (advance.JournalData ?? []).Sum(row => ConcurPaymentCodes.Normalize(row.DebitOrCredit) switch
        {
            "DR" => Math.Abs(row.Amount ?? 0m),
            "CR" => -Math.Abs(row.Amount ?? 0m),
            _ => row.Amount ?? 0m,
        });

    /// <summary>The report id of a parsed, valid cash-advance document.</summary>
    public static string ReportId(ConcurFinancialDocument document, ConcurCashAdvanceDocument advance)
    {
        var advanceId = advance.CashAdvanceData!.CashAdvanceId!.Trim();
        return ClearingMovement(advance) > 0m ? IssuanceReportId(advanceId) : $"{ReportIdPrefix}{advanceId}-{document.Id?.Trim() ?? "return"}";
    }

    /// <summary>The canonical report of a parsed, valid cash-advance document.</summary>
    public static ExpenseReport Map(ConcurFinancialDocument document, ConcurPostingOptions options)
    {
        var advance = document.CashAdvance ?? throw new ArgumentException("Not a cash-advance document.", nameof(document));
        var data = advance.CashAdvanceData!;
        var settings = options.For(document.CompanyId);
        var currency = (data.EmployeeCurrencyAlphaCode ?? data.CurrencyAlphaCode)!.Trim().ToUpperInvariant();
        var employee = new Party(advance.EmployeeData!.EmployeeId!.Trim(), advance.EmployeeData.DisplayName);
        var issuedAt = data.IssuedDate ?? data.RequestDate;
        var accountingDate = ConcurDocumentFacts.Date(issuedAt);
        var amount = Currencies.Round(Math.Abs(ClearingMovement(advance)), ConcurDocumentFacts.MinorUnits(currency));
        var title = string.IsNullOrWhiteSpace(data.Name) ? $"Cash advance {data.CashAdvanceId}" : data.Name.Trim();

        // Concur issues an advance only once its approval workflow completed: recorded as one approval at the issue date.
        Approval[] approvals = issuedAt is { } approvedAt ? [new Approval(new Party("concur-workflow", "SAP Concur approval workflow"), approvedAt, "issued")] : [];
        var line = new ExpenseLine(
            data.CashAdvanceId!.Trim(), ExpenseType, accountingDate ?? DateOnly.MinValue, null, PaymentType.OutOfPocket, amount, 0m, amount, null, 0m,
            string.IsNullOrWhiteSpace(data.Purpose) ? null : data.Purpose.Trim(), null, []);

        return new ExpenseReport(
            SourceNames.Concur,
            ReportId(document, advance),
            1,
            ConcurDocumentFacts.LegalEntity(document, settings),
            title,
            employee,
            employee,
            approvals,
            currency,
            amount,
            data.RequestDate ?? issuedAt ?? DateTimeOffset.UnixEpoch,
            accountingDate,
            [line],
            []);
    }
}
