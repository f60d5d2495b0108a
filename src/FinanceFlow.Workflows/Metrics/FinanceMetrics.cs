namespace FinanceFlow.Workflows.Metrics;

/// <summary>What <c>GET /api/v1/metrics</c> answers: finance ops' figures per UTC day of a window, its totals, and why reports failed.</summary>
/// <param name="From">The window's start: midnight UTC of its first day.</param>
/// <param name="To">The moment the figures were read: the window ends there, within its last day (today).</param>
/// <param name="Truncated">More status rows changed in the window than one answer reads (<see cref="FinanceMetricsQuery.MaxRows"/>): the figures
/// cover the rows read, in storage order rather than by time; ask for fewer days.</param>
/// <param name="RowsRead">How many status rows the figures were taken from.</param>
/// <param name="Days">Every UTC day of the window, oldest first, each present whether or not anything happened that day.</param>
/// <param name="FailureReasons">The finding codes of the reports that ended rejected or failed in the window, each with how many reports carried it,
/// most frequent first.</param>
public sealed record FinanceMetrics(
    DateTimeOffset From,
    DateTimeOffset To,
    bool Truncated,
    int RowsRead,
    MetricsTotals Totals,
    IReadOnlyList<MetricsDay> Days,
    IReadOnlyList<FailureReasonCount> FailureReasons);

/// <summary>One UTC day's figures.</summary>
/// <param name="Posted">Reports the ERP confirmed that day.</param>
/// <param name="Rejected">Reports that ended <c>Rejected</c> that day (policy, validation, refused at intake, an exception nobody resolved).</param>
/// <param name="Failed">Reports that ended <c>PostingFailed</c>, <c>PostingInDoubt</c> or <c>AwaitingMasterData</c> that day and are still so.</param>
/// <param name="AwaitingResolution">Overridable exceptions opened that day.</param>
/// <param name="Lag">From approval at the source to posting in the ERP, over the reports posted that day; null when none can be measured.</param>
public sealed record MetricsDay(DateOnly Date, int Posted, int Rejected, int Failed, int AwaitingResolution, SyncLag? Lag);

/// <summary>The window's figures together; <see cref="Lag"/> is taken over every lag of the window, not from the days' percentiles.</summary>
public sealed record MetricsTotals(int Posted, int Rejected, int Failed, int AwaitingResolution, SyncLag? Lag);

/// <summary>The sync lag of a set of posted reports, in minutes (nearest-rank percentiles, rounded to a tenth of a minute).</summary>
/// <param name="Count">How many reports it is measured over: those whose row knows both when the source approved them and when they were posted.</param>
public sealed record SyncLag(int Count, double P50Minutes, double P90Minutes, double MaxMinutes);

/// <summary>A finding or failure code and how many reports of the window carried it.</summary>
public sealed record FailureReasonCount(string Code, int Count);
