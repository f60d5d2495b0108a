namespace FinanceFlow.Core.Audit;

/// <summary>
/// The "sources" audit rows that belong to no report are filed under (the source part of their key), as stored.
/// Report and card batch rows are filed under their <see cref="Model.SourceNames">source name</see>.
/// </summary>
public static class AuditPartitions
{
    /// <summary>Master-data imports (id: the kind's route name) and sync runs (id: <c>sync</c>).</summary>
    public const string MasterData = "masterdata";

    /// <summary>Mapping changes; id: the kind's route name.</summary>
    public const string Mappings = "mappings";

    /// <summary>Reconciliation runs; id: the run's day, <c>yyyy-MM-dd</c>.</summary>
    public const string Reconciliation = "reconciliation";

    /// <summary>Payment-sync runs; id: the run's day, <c>yyyy-MM-dd</c>.</summary>
    public const string Payments = "payments";

    /// <summary>Runs of the scheduled Concur FIS document poll; id: the run's day, <c>yyyy-MM-dd</c>.</summary>
    public const string ConcurPoll = "concur-poll";

    /// <summary>Dead-lettered intake messages that name no source (id: <see cref="Unidentified"/>); also the raw blob segment of stored envelopes.</summary>
    public const string Messages = "messages";

    /// <summary>The id of intake rows whose body names no report (or batch) that can be read.</summary>
    public const string Unidentified = "(unidentified)";
}
