using FinanceFlow.Core.Model;

namespace FinanceFlow.Connectors.Callbacks;

/// <summary>The status callback body sent to the expense platform.</summary>
/// <param name="Payment">With <see cref="ReportOutcome.Paid"/>: the payment the ERP made; null otherwise.</param>
/// <param name="Documents">One per legal entity's journal: its ledger, reference, the ERP's document number and what the ERP confirmed (fiscal year, posting date, link).</param>
public sealed record StatusCallback(
    string Source,
    string ReportId,
    int Version,
    ReportOutcome Status,
    string? ErpDocumentNumber,
    IReadOnlyList<Finding> Findings,
    DateTimeOffset OccurredAt,
    PaymentCallback? Payment = null,
    IReadOnlyList<ErpDocument>? Documents = null);

/// <summary>One payment of a report; <paramref name="PaidAmount"/> is the total paid so far, <paramref name="FullyPaid"/> true once it covers the report.</summary>
public sealed record PaymentCallback(
    DateTimeOffset PaidAt, decimal Amount, string Currency, string PaymentReference, decimal PaidAmount, bool FullyPaid);

/// <summary>What happened to a callback.</summary>
public enum CallbackDelivery
{
    Delivered,

    /// <summary>No callback URL is configured for the source.</summary>
    NotConfigured,
}

/// <summary>Sends signed (Standard Webhooks) status callbacks to a source's configured <c>CallbackUrl</c>.</summary>
public interface ISourceCallbackClient
{
    /// <summary>POSTs the callback; <paramref name="messageId"/> becomes <c>webhook-id</c> so the receiver can de-duplicate. Throws on failure after its retries.</summary>
    Task<CallbackDelivery> SendAsync(StatusCallback callback, string messageId, CancellationToken cancellationToken);
}
