using System.ComponentModel.DataAnnotations;

namespace FinanceFlow.Core.Attachments;

/// <summary>How receipts are downloaded (<c>FinanceFlow:Receipts</c>); the hosts allowed are per source (<c>FinanceFlow:Sources:{source}:ReceiptHosts</c>).</summary>
public sealed class ReceiptFetchSettings
{
    public const string SectionName = "FinanceFlow:Receipts";

    /// <summary>Time limit for one receipt, from the first connection to the last byte (retries included).</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; init; } = 30;

    /// <summary>
    /// Lets receipts come from loopback addresses (127.0.0.0/8, ::1), for tests and local runs against a receipt server on this
    /// machine. Private, link-local and metadata addresses stay refused. Refused at start-up unless the environment is Development.
    /// </summary>
    public bool AllowLoopback { get; init; }
}
