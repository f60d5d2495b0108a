namespace FinanceFlow.Core.Posting;

/// <summary>How a failed posting's reason says the ERP, or FinanceFlow's own storage, was unreachable through every retry (rather than the ERP refusing the journal).</summary>
public static class PostingFailures
{
    /// <summary>The start of the reason of a journal the ERP could not be reached for; the watchdog runs such reports again later.</summary>
    public const string ErpUnreachable = "The ERP could not be reached";

    /// <summary>True when a report's failure reason (one journal's, or several joined) names an ERP that could not be reached.</summary>
    public static bool IsErpUnreachable(string? reason) => reason?.Contains(ErpUnreachable, StringComparison.Ordinal) == true;

    /// <summary>The start of the reason of a journal whose posting stopped because FinanceFlow's own storage stayed away.</summary>
    public const string StorageUnreachable = "FinanceFlow's storage could not be reached";

    /// <summary>True when a report's failure reason names FinanceFlow's storage, not the ERP; the watchdog runs such reports again soon.</summary>
    public static bool IsStorageUnreachable(string? reason) => reason?.Contains(StorageUnreachable, StringComparison.Ordinal) == true;
}
