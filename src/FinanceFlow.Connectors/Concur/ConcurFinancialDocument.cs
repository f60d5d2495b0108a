namespace FinanceFlow.Connectors.Concur;

/// <summary>One document from the Financial Integration Service: the envelope plus the expense or cash-advance body.</summary>
/// <param name="Id">The FIS document id (the one acknowledged and confirmed), not necessarily a GUID.</param>
/// <param name="DocType"><c>expense</c> or <c>cashadvance</c>.</param>
/// <param name="CompanyId">The Concur company; selects the per-company posting settings.</param>
public sealed record ConcurFinancialDocument(
    string? Id,
    string DocType,
    string? CompanyId,
    string? EntityId,
    string? CompanyUuid,
    string? DocStatus,
    ConcurExpenseDocument? Expense,
    ConcurCashAdvanceDocument? CashAdvance);

/// <summary>The body of an expense financial document.</summary>
public sealed record ConcurExpenseDocument
{
    public ConcurEmployee? Employee { get; init; }

    public ConcurReport? Report { get; init; }

    public IReadOnlyList<ConcurExpenseEntry>? ExpenseEntry { get; init; }

    public IReadOnlyList<ConcurCashAdvanceApplication>? CashAdvanceApplication { get; init; }
}

/// <summary>The employee block of an expense or cash-advance document.</summary>
public sealed record ConcurEmployee
{
    public string? EmployeeId { get; init; }

    public string? EmployeeFirstName { get; init; }

    public string? EmployeeMI { get; init; }

    public string? EmployeeLastName { get; init; }

    /// <summary>"First M Last", or the id when the document carries no name.</summary>
    public string DisplayName =>
        string.Join(' ', new[] { EmployeeFirstName, EmployeeMI, EmployeeLastName }.Where(p => !string.IsNullOrWhiteSpace(p))) is { Length: > 0 } name
            ? name
            : EmployeeId ?? "";
}

/// <summary>The report header of an expense document.</summary>
public sealed record ConcurReport
{
    public string? ReportId { get; init; }

    public string? ReportKey { get; init; }

    public string? ReportName { get; init; }

    public string? EmployeeCurrencyAlphaCode { get; init; }

    public decimal? TotalApprovedAmount { get; init; }

    public decimal? CashAdvanceReturnsAmount { get; init; }

    /// <summary>Report revision, "1" unless the report was changed after posting.</summary>
    public string? RevisionNumber { get; init; }

    /// <summary>The FIS API version of the document (4), not a report version.</summary>
    public string? VersionId { get; init; }

    public string? LedgerCode { get; init; }

    public string? HomeCountryCode { get; init; }

    public string? IsTest { get; init; }

    public string? PayrollPayIndicator { get; init; }

    public DateTimeOffset? ReportCreationDate { get; init; }

    public DateTimeOffset? ReportSubmitDate { get; init; }

    /// <summary>When the report completed all approvals.</summary>
    public DateTimeOffset? ReportPaymentProcessingDate { get; init; }

    public DateTimeOffset? ReportUserDefinedDate { get; init; }

    public DateTimeOffset? ReportStartDate { get; init; }

    public DateTimeOffset? ReportEndDate { get; init; }

    public string? ReportOrgUnit1Code { get; init; }

    public string? ReportOrgUnit2Code { get; init; }
}
