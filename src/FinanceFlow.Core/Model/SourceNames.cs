namespace FinanceFlow.Core.Model;

/// <summary>
/// The source names FinanceFlow knows, as they appear in routes, report keys, instance ids, blob paths and audit rows
/// (lower case). A run, its rows and its ERP reference carry them, so a value here never changes.
/// </summary>
public static class SourceNames
{
    /// <summary>The canonical JSON report (webhook or intake message).</summary>
    public const string Canonical = "canonical";

    /// <summary>SAP Concur: Event Subscription Service events and Financial Integration Service documents.</summary>
    public const string Concur = "concur";

    /// <summary>Expensify, pulled on a schedule.</summary>
    public const string Expensify = "expensify";

    /// <summary>The corporate card feed's transaction batches.</summary>
    public const string Cards = "cards";
}
