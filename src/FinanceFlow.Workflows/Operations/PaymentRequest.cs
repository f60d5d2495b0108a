namespace FinanceFlow.Workflows.Operations;

/// <summary>The body of <c>POST /api/v1/reports/{source}/{reportId}/payment</c>: what the ERP's payment run knows.</summary>
/// <param name="PaidAt">When the payment was made, with an offset (<c>2026-11-20T10:00:00Z</c>).</param>
/// <param name="PaymentMethod"><c>E</c> (transfer, the default) or <c>C</c> (check).</param>
/// <param name="ErpDocumentNumber">The ERP's payment document; the posting's document number when absent.</param>
public sealed record PaymentRequest(
    string? PaidAt, decimal? Amount, string? Currency, string? PaymentReference, string? PaymentMethod = null, string? ErpDocumentNumber = null);

/// <summary>The answer of the payment operation; <paramref name="PaidAmount"/> is the total paid so far.</summary>
public sealed record PaymentView(
    string Source,
    string ReportId,
    int Version,
    string PaymentReference,
    DateTimeOffset PaidAt,
    decimal Amount,
    string Currency,
    decimal PaidAmount,
    decimal TotalAmount,
    bool FullyPaid,
    bool Duplicate,
    string Detail);

/// <summary>A payment body checked field by field; the report-dependent checks (currency, amount owed) are the handler's.</summary>
public sealed record ValidPayment(DateTimeOffset PaidAt, decimal Amount, string Currency, string PaymentReference, string PaymentMethod, string? ErpDocumentNumber);
