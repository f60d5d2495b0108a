using FinanceFlow.Core.Model;

namespace FinanceFlow.Connectors.Callbacks;

/// <summary>The status callback body sent to the expense platform.</summary>
public sealed record StatusCallback(
    string Source,
    string ReportId,
    int Version,
    ReportOutcome Status,
    string? ErpDocumentNumber,
    IReadOnlyList<Finding> Findings,
    DateTimeOffset OccurredAt);

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
