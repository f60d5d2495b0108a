using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using FinanceFlow.Workflows.Audit;

namespace FinanceFlow.Workflows.Posting;

/// <summary>Posting: the journal to post.</summary>
public sealed record PostRequest(StepContext Step, JournalEntry Entry);

/// <summary>Why a posting that is not accepted is held back rather than refused.</summary>
public enum PostingFlag
{
    /// <summary>Posted, already posted, or refused (by the ERP, or as different amounts under a posted reference).</summary>
    None,

    /// <summary>The ERP's answer never came and no authoritative read settled it: nothing is sent again (<c>PostingInDoubt</c>).</summary>
    InDoubt,

    /// <summary>The ledger holds a transaction under our reference whose books differ from the journal: flagged, not recorded as posted.</summary>
    LedgerDiffers,

    /// <summary>
    /// The ERP could not be reached in any attempt (set by <see cref="PostingStep"/>, not by the activity): nothing was posted, and the
    /// watchdog runs the report again later.
    /// </summary>
    Unreachable,
}

/// <summary>Receipts of a posted journal, to go on to its ERP document.</summary>
public sealed record AttachReceiptsRequest(StepContext Step, string? Ledger, ErpConfirmation Document, IReadOnlyList<Attachment> Receipts);

/// <summary>Receipts that stayed off the ERP document after every attempt, and why.</summary>
public sealed record ReceiptsNotAttachedRequest(StepContext Step, string DocumentNumber, string Reason);

/// <summary>How many receipts the ERP holds now, and what it refused.</summary>
/// <param name="Supported">False when the ledger's ERP takes no files (hledger): nothing was sent.</param>
public sealed record AttachReceiptsResult(bool Supported, int Attached, IReadOnlyList<string> Refused);

/// <summary>Posting: what the ERP said.</summary>
/// <param name="AlreadyPosted">True when the ERP already held this reference and nothing was sent.</param>
/// <param name="Flag">Set when the posting is held back for the reconciliation or a person; <see cref="Reason"/> says why.</param>
/// <param name="Confirmation">What the ERP confirmed beyond the number (fiscal year, posting date, link), when this attempt posted it.</param>
/// <param name="Warnings">What went wrong after the posting without undoing it (e.g. a receipt the ERP did not take).</param>
/// <param name="TakesReceipts">True when the ledger's ERP takes files, so the posted document gets the report's receipts.</param>
public sealed record PostingOutcome(
    bool Accepted,
    string? DocumentNumber,
    string? Reason,
    bool AlreadyPosted,
    PostingFlag Flag = PostingFlag.None,
    ErpConfirmation? Confirmation = null,
    IReadOnlyList<string>? Warnings = null,
    bool TakesReceipts = false);
