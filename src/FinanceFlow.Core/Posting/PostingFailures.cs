namespace FinanceFlow.Core.Posting;

/// <summary>How a failed posting's reason says the ERP was unreachable through every retry (rather than refusing the journal).</summary>
public static class PostingFailures
{
    /// <summary>The start of the reason of a journal the ERP could not be reached for; the watchdog runs such reports again later.</summary>
    public const string ErpUnreachable = "The ERP could not be reached";

    /// <summary>True when a report's failure reason (one journal's, or several joined) names an ERP that could not be reached.</summary>
    public static bool IsErpUnreachable(string? reason) => reason?.Contains(ErpUnreachable, StringComparison.Ordinal) == true;
}
