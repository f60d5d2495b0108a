namespace FinanceFlow.Core.Audit;

/// <summary>
/// The <c>Step</c> values of audit rows written outside a pipeline activity, as stored. A pipeline activity's rows carry its own
/// name (<c>nameof</c> of the activity), which is also its Durable task name.
/// </summary>
public static class AuditSteps
{
    /// <summary>Every intake row (webhook, intake message, scheduled pull, card batch); named when the webhook was the only intake.</summary>
    public const string Intake = "ReceiveWebhook";

    /// <summary>A payment request: outcome <see cref="AuditOutcomes.Confirmed"/>, <see cref="AuditOutcomes.Duplicate"/> or <see cref="AuditOutcomes.Failed"/>.</summary>
    public const string PaymentConfirmed = "PaymentConfirmed";

    /// <summary>Finance ops ran a report again (<c>POST …/retry</c>).</summary>
    public const string RetryRequested = "RetryRequested";

    /// <summary>Finance ops started a failed, terminated or purged report again from its kept raw payload (<c>POST …/resubmit</c>).</summary>
    public const string ResubmitRequested = "ResubmitRequested";

    /// <summary>One attempt to publish a status event to one target, in a run or for a payment.</summary>
    public const string PublishStatus = "PublishStatus";

    /// <summary>A manual re-send of a status event to one target (<c>POST …/status-events/republish</c>).</summary>
    public const string RepublishStatus = "RepublishStatus";

    /// <summary>A master-data import (<c>PUT /api/v1/masterdata/{kind}</c>), under <see cref="AuditPartitions.MasterData"/>.</summary>
    public const string MasterDataImported = "MasterDataImported";

    /// <summary>A master-data sync run, under <see cref="AuditPartitions.MasterData"/>.</summary>
    public const string MasterDataSynced = "MasterDataSynced";

    /// <summary>A proposed mapping change (<c>PUT /api/v1/mappings/{kind}</c>), waiting for a second principal, under <see cref="AuditPartitions.Mappings"/>.</summary>
    public const string MappingProposed = "MappingProposed";

    /// <summary>One mapping rule an approved change wrote (<c>POST …/changes/{id}/approve</c>), naming maker and checker, under <see cref="AuditPartitions.Mappings"/>.</summary>
    public const string MappingChanged = "MappingChanged";

    /// <summary>A proposed mapping change rejected or withdrawn (<c>POST …/changes/{id}/reject</c>), under <see cref="AuditPartitions.Mappings"/>.</summary>
    public const string MappingRejected = "MappingRejected";

    /// <summary>A reconciliation run, under <see cref="AuditPartitions.Reconciliation"/>.</summary>
    public const string ReconcileLedgers = "ReconcileLedgers";

    /// <summary>The watchdog found a report's run stuck (no progress for a while, or never started) and acted on it.</summary>
    public const string Watchdog = "Watchdog";

    /// <summary>
    /// The scheduled payment sync: a run under <see cref="AuditPartitions.Payments"/>, and a payment read from a ledger that could not be
    /// recorded on its report (<see cref="AuditOutcomes.Refused"/>); a recorded one is a <see cref="PaymentConfirmed"/> row.
    /// </summary>
    public const string PaymentSync = "PaymentSync";

    /// <summary>The scheduled Concur FIS document poll: one row per run under <see cref="AuditPartitions.ConcurPoll"/> with its counts.</summary>
    public const string ConcurPoll = "ConcurPoll";
}
