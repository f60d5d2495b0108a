namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>A receipt host that resolves only to addresses FinanceFlow does not connect to; no connection was opened.</summary>
public sealed class ReceiptAddressRefusedException(string host)
    : Exception($"No address of '{host}' is one receipts may come from (loopback, private, shared, link-local, multicast, unspecified and reserved addresses are refused).")
{
    /// <summary>The host name as the URL gave it.</summary>
    public string Host { get; } = host;
}
