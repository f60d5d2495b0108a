namespace FinanceFlow.Core.Model;

/// <summary>Where a report is in the pipeline; shown as the orchestration's custom status.</summary>
public enum ReportStage
{
    Received,
    Normalizing,
    Enriching,
    CheckingPolicy,
    StoringAttachments,
    BuildingJournal,
    Posting,
    Notifying,
    Completed,

    /// <summary>Waiting for a person to resolve an overridable exception (approve the override, fix and retry, or reject).</summary>
    AwaitingResolution,
}

/// <summary>How a report's run ended.</summary>
public enum ReportOutcome
{
    /// <summary>Still running.</summary>
    Pending,

    /// <summary>In the ledger.</summary>
    Posted,

    /// <summary>Stopped by policy or validation; nothing posted.</summary>
    Rejected,

    /// <summary>The ERP refused it, or stayed unreachable through every retry.</summary>
    PostingFailed,

    /// <summary>
    /// Master data or a mapping is missing (unknown employee, expense type without account, closed period…): nothing posted, the
    /// findings say what to fix, and <c>POST …/retry</c> runs the report again once it is fixed.
    /// </summary>
    AwaitingMasterData,

    /// <summary>Posted, and the ERP's payment run paid it: the status a payment callback carries. A run never ends with it.</summary>
    Paid,

    /// <summary>
    /// The ERP's answer to a posting never came (a timeout, a reset connection, a 5xx after the journal was sent) and no authoritative
    /// read could tell whether it was written: nothing is sent again; the reconciliation or a person settles it.
    /// </summary>
    PostingInDoubt,

    /// <summary>
    /// Not an end: the report's only blocking findings are overridable, and its run waits for a person's resolution
    /// (<c>POST …/resolution</c>) until the deadline, with a reminder before it.
    /// </summary>
    AwaitingResolution,
}
