namespace FinanceFlow.Connectors.Concur;

/// <summary>The body of a cash-advance financial document (issue or return).</summary>
public sealed record ConcurCashAdvanceDocument
{
    public ConcurEmployee? EmployeeData { get; init; }

    public ConcurCashAdvanceData? CashAdvanceData { get; init; }

    public IReadOnlyList<ConcurCashAdvanceJournalRow>? JournalData { get; init; }
}

/// <summary>The cash advance itself.</summary>
public sealed record ConcurCashAdvanceData
{
    public string? CashAdvanceId { get; init; }

    public string? Name { get; init; }

    public string? Purpose { get; init; }

    public string? CurrencyAlphaCode { get; init; }

    public string? EmployeeCurrencyAlphaCode { get; init; }

    public decimal? ExchangeRate { get; init; }

    public decimal? RequestAmount { get; init; }

    public DateTimeOffset? RequestDate { get; init; }

    public DateTimeOffset? IssuedDate { get; init; }

    /// <summary>1 issue or return to administrator, 2 application, 3 carried-forward balance.</summary>
    public string? TransactionType { get; init; }

    public string? PaymentMethod { get; init; }

    public string? IsTest { get; init; }
}

/// <summary>A journal row of a cash-advance document.</summary>
public sealed record ConcurCashAdvanceJournalRow
{
    public string? AccountCode { get; init; }

    /// <summary>Signed or not, as the document sends it; <see cref="DebitOrCredit"/> decides.</summary>
    public decimal? Amount { get; init; }

    /// <summary>DR or CR.</summary>
    public string? DebitOrCredit { get; init; }

    public string? Payer { get; init; }

    public string? Payee { get; init; }

    public string? PaymentCode { get; init; }
}
