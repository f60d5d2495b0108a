namespace FinanceFlow.Core.Audit;

/// <summary>
/// The <c>Outcome</c> values of audit rows, as stored: a row in Table storage keeps its spelling, so a value here never changes.
/// The closing rows of a run (<c>RecordStatus</c>, <c>RecordOutcome</c>, <c>RecordCardBatchOutcome</c>) store the
/// <see cref="Model.ReportOutcome"/> name instead.
/// </summary>
public static class AuditOutcomes
{
    /// <summary>Intake started a run (report or card batch); also a retry requested by finance ops.</summary>
    public const string Accepted = "Accepted";

    /// <summary>Intake started a card batch again whose earlier run ended failed or waiting.</summary>
    public const string Restarted = "Restarted";

    /// <summary>The watchdog ran a stuck report again under the same instance id (the posting log keeps the ERP from getting it twice).</summary>
    public const string Redriven = "Redriven";

    /// <summary>The watchdog ran a report again whose posting failed because the ERP could not be reached (an ERP outage).</summary>
    public const string ErpRetried = "ErpRetried";

    /// <summary>The watchdog stopped a stuck run (one terminate) so that it can run again once the engine confirms.</summary>
    public const string Stopped = "Stopped";

    /// <summary>The watchdog found a stuck report it does not run again by itself (its automatic redrives are used up, or its input is unknown).</summary>
    public const string Stuck = "Stuck";

    /// <summary>A report's only blocking findings are overridable: its run waits for a person's resolution.</summary>
    public const string ExceptionOpened = "ExceptionOpened";

    /// <summary>A person resolved a report's exception (approve-override, fix-and-retry or reject); the row's actor is the resolver.</summary>
    public const string ExceptionResolved = "ExceptionResolved";

    /// <summary>The reminder of an exception still open went to the status targets.</summary>
    public const string ExceptionReminded = "ExceptionReminded";

    /// <summary>Nobody resolved an exception before its deadline; the report ended Rejected.</summary>
    public const string ExceptionTimedOut = "ExceptionTimedOut";

    /// <summary>Someone asked for a resolution through the API (the run gets it as an event); the row's actor is the caller.</summary>
    public const string ResolutionRequested = "ResolutionRequested";

    /// <summary>Intake got a delivery it already has (same report version, batch or fetched document); nothing started.</summary>
    public const string Redelivered = "Redelivered";

    /// <summary>A body, stored batch or journal does not validate: at intake, normalize, journal or card batch steps.</summary>
    public const string Invalid = "Invalid";

    /// <summary>A Concur event that announces no expense document ready for integration.</summary>
    public const string Ignored = "Ignored";

    /// <summary>A Concur document was fetched, stored and acknowledged, and its report admitted; a later "not found" for it is a redelivery.</summary>
    public const string Fetched = "Fetched";

    /// <summary>A step failed for good: Concur FIS refused, policy errors, the source not notified, a status target down, a payment not confirmed.</summary>
    public const string Failed = "Failed";

    /// <summary>A Concur document that can never be posted, refused at intake.</summary>
    public const string Rejected = "Rejected";

    /// <summary>A valid intake message handed to the relay queue instead of being started here.</summary>
    public const string Relayed = "Relayed";

    /// <summary>An intake message refused to the dead-letter (or poison) queue.</summary>
    public const string DeadLettered = "DeadLettered";

    /// <summary>The raw payload became a canonical report.</summary>
    public const string Normalized = "Normalized";

    /// <summary>Enrichment is off: the report keeps the accounts of <c>FinanceFlow:Accounts</c>.</summary>
    public const string Skipped = "Skipped";

    /// <summary>A source document's own journal passed master-data governance.</summary>
    public const string Governed = "Governed";

    /// <summary>The report's lines were mapped from governed master data.</summary>
    public const string Enriched = "Enriched";

    /// <summary>Master data or a mapping is missing: enrichment, governance or the card journal could not resolve.</summary>
    public const string Unresolved = "Unresolved";

    /// <summary>The policy check found no error.</summary>
    public const string Passed = "Passed";

    /// <summary>Every receipt was stored.</summary>
    public const string Stored = "Stored";

    /// <summary>Receipts went on to the ERP document (or the ERP takes none: <see cref="Skipped"/>).</summary>
    public const string Attached = "Attached";

    /// <summary>Receipts the ERP did not take after the retries; the posting stands, the report carries a warning.</summary>
    public const string NotAttached = "NotAttached";

    /// <summary>A receipt was refused (type, size, download).</summary>
    public const string Refused = "Refused";

    /// <summary>A balanced journal entry was built (report or card batch).</summary>
    public const string Built = "Built";

    /// <summary>A card batch whose transactions reports already credited to the card payable: no journal.</summary>
    public const string NothingToPost = "NothingToPost";

    /// <summary>One attempt failed and may be retried: posting to the ERP, publishing to a status target.</summary>
    /// <remarks><c>PostToErp</c> rows written before this constant existed say <c>Attempt failed</c>; nothing compares them, they are only shown.</remarks>
    public const string AttemptFailed = "AttemptFailed";

    /// <summary>The ERP took the journal entry.</summary>
    public const string Posted = "Posted";

    /// <summary>The posting log shows the entry in the ERP already: nothing sent.</summary>
    public const string AlreadyPosted = "Already posted";

    /// <summary>The ERP refused the journal entry (a business rejection).</summary>
    public const string RejectedByErp = "Rejected by ERP";

    /// <summary>The ERP's answer to a send never came (timeout, reset, 5xx) and no authoritative read settled it: nothing is sent again.</summary>
    public const string PostingInDoubt = "Posting in doubt";

    /// <summary>The ledger holds a transaction under our reference whose books differ from the journal: flagged, not recorded as posted.</summary>
    public const string LedgerDiffers = "Ledger differs";

    /// <summary>Card transactions matched to the report (or the match confirmed).</summary>
    public const string Matched = "Matched";

    /// <summary>A card transaction is claimed by another report or batch, or booked twice.</summary>
    public const string Conflict = "Conflict";

    /// <summary>The source got the status callback and, where it has one, its own confirmation.</summary>
    public const string Notified = "Notified";

    /// <summary>Every transaction of a card batch was recorded.</summary>
    public const string Recorded = "Recorded";

    /// <summary>A card batch names transactions another batch already booked.</summary>
    public const string Duplicates = "Duplicates";

    /// <summary>A posted card batch's transactions were marked as in the ledger.</summary>
    public const string Marked = "Marked";

    /// <summary>A status target took the event.</summary>
    public const string Published = "Published";

    /// <summary>A manual re-send reached the status target.</summary>
    public const string StatusRepublished = "StatusRepublished";

    /// <summary>The source confirmed a payment.</summary>
    public const string Confirmed = "Confirmed";

    /// <summary>A payment reference already confirmed: the source is not told again.</summary>
    public const string Duplicate = "Duplicate";

    /// <summary>A mapping change was proposed and waits for a second principal's approval.</summary>
    public const string Proposed = "Proposed";

    /// <summary>A mapping rule with no earlier version.</summary>
    public const string Added = "Added";

    /// <summary>A mapping rule that closes an earlier version.</summary>
    public const string Superseded = "Superseded";

    /// <summary>A master-data import wrote every row.</summary>
    public const string Imported = "Imported";

    /// <summary>A master-data import (<c>partial=true</c>) wrote the good rows and left the bad ones out.</summary>
    public const string PartiallyImported = "PartiallyImported";

    /// <summary>A master-data sync run without a problem; a payment-sync run that read every ledger with a payment status.</summary>
    public const string Synced = "Synced";

    /// <summary>A master-data sync run in which a kind or ledger could not be synced; a payment-sync run in which a ledger could not be read.</summary>
    public const string SyncedWithProblems = "SyncedWithProblems";

    /// <summary>A reconciliation run in which no ledger shows a difference.</summary>
    public const string Balanced = "Balanced";

    /// <summary>A reconciliation run with findings.</summary>
    public const string Differences = "Differences";
}
