namespace FinanceFlow.Core.Model;

/// <summary>Where a report is in the pipeline; shown as the orchestration's custom status.</summary>
public enum ReportStage
{
    Received,
    Normalizing,
    CheckingPolicy,
    StoringAttachments,
    BuildingJournal,
    Posting,
    Notifying,
    Completed,
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

    /// <summary>Posted, and the ERP's payment run paid it: the status a payment callback carries. A run never ends with it.</summary>
    Paid,
}
