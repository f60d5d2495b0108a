using FinanceFlow.Core.Model;

namespace FinanceFlow.Infrastructure.Status;

/// <summary>The one row finance ops reads about a report.</summary>
/// <param name="PaidAt">When the latest payment was made (the payment operation); null until one is.</param>
/// <param name="PaidAmount">The total paid so far, in the report's currency.</param>
/// <param name="PaymentReference">The ERP's reference of the latest payment.</param>
/// <param name="Documents">One ERP document per legal entity the report was routed to; null before posting.</param>
/// <param name="RawBlobName">The stored source payload of the run, for operations that answer with its ids after the run's history is gone.</param>
/// <param name="LegalEntity">The report's own legal entity, as intake read it; a later write of the same version that does not name it keeps it.</param>
/// <param name="Exception">The overridable exception the run waits on (<see cref="ReportOutcome.AwaitingResolution"/>), with its resolution once taken.</param>
/// <param name="ApprovedAt">When the source approved this version (its last approval), as intake read it; a later write of the same version that does not
/// know it keeps it. Null for rows written before it was kept, and for reports that carry no approval.</param>
/// <param name="PostedAt">When the run recorded this version <see cref="ReportOutcome.Posted"/> (the ERP had confirmed every journal); the first such
/// write of a version stands.</param>
public sealed record ReportStatusRecord(
    string Source,
    string ReportId,
    int Version,
    string InstanceId,
    ReportStage Stage,
    ReportOutcome Outcome,
    string? EmployeeId,
    string? EmployeeName,
    string? Currency,
    decimal? TotalAmount,
    string? ErpDocumentNumber,
    string? FailureReason,
    IReadOnlyList<Finding> Findings,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PaidAt = null,
    decimal? PaidAmount = null,
    string? PaymentReference = null,
    IReadOnlyList<ErpDocument>? Documents = null,
    string? RawBlobName = null,
    string? LegalEntity = null,
    OpenException? Exception = null,
    DateTimeOffset? ApprovedAt = null,
    DateTimeOffset? PostedAt = null);

/// <summary>What <see cref="IReportStatusStore.ListChangedSinceAsync(DateTimeOffset, int, CancellationToken)"/> read.</summary>
/// <param name="Truncated">More rows matched than the bound: <paramref name="Rows"/> are the first ones storage answered, not the newest.</param>
public sealed record ChangedStatusRows(IReadOnlyList<ReportStatusRecord> Rows, bool Truncated);

/// <summary>What <see cref="IReportStatusStore.RecordResolutionAsync"/> found.</summary>
public enum ResolutionRecording
{
    /// <summary>The decision is on the row now; the run is to be told.</summary>
    Recorded,

    /// <summary>This exception was decided already (a double click, or a second person): the row's resolution stands.</summary>
    AlreadyDecided,

    /// <summary>The report waits on no exception (or on another one than the decision names).</summary>
    NotOpen,

    /// <summary>No row for the report.</summary>
    NotFound,
}

/// <summary>Table <c>ReportStatus</c>: PartitionKey = source, RowKey = report id.</summary>
public interface IReportStatusStore
{
    /// <summary>
    /// Writes the row unless a newer report version is already recorded; a write of the same version that names no legal entity or
    /// exception keeps the row's (an exception only once decided).
    /// </summary>
    Task UpsertAsync(ReportStatusRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// The intake's row of a report version it admits: written (true) when the report has no row, or one of an older version;
    /// false, writing nothing, when the row holds this version or a newer one (a redelivery, or a run that started before).
    /// </summary>
    Task<bool> TryAdmitAsync(ReportStatusRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Records a payment on the row with optimistic concurrency: <paramref name="paidAmount"/> (the total confirmed so far) only ever
    /// grows, so of two payments confirmed at the same moment the later total wins whichever writes last. False when the report has no row.
    /// </summary>
    Task<bool> RecordPaymentAsync(ReportKey report, decimal paidAmount, DateTimeOffset paidAt, string paymentReference, DateTimeOffset updatedAt, CancellationToken cancellationToken);

    /// <summary>The row of a report, or null.</summary>
    Task<ReportStatusRecord?> GetAsync(ReportKey report, CancellationToken cancellationToken);

    /// <summary>Every report whose outcome is one of <paramref name="outcomes"/> (a table scan with a server-side filter).</summary>
    Task<IReadOnlyList<ReportStatusRecord>> ListByOutcomeAsync(IReadOnlyCollection<ReportOutcome> outcomes, CancellationToken cancellationToken);

    /// <summary>
    /// Every report whose row changed at or after <paramref name="since"/>, or whose outcome is one of <paramref name="open"/> whenever it
    /// last changed (a server-side filter): the days a reconciliation window has to read, plus what is still open.
    /// </summary>
    Task<IReadOnlyList<ReportStatusRecord>> ListChangedSinceAsync(DateTimeOffset since, IReadOnlyCollection<ReportOutcome> open, CancellationToken cancellationToken);

    /// <summary>
    /// Every report whose row changed at or after <paramref name="since"/> (one server-side filter), at most <paramref name="maxRows"/> of them:
    /// the reading stops there and says so, so a window over a busy table costs a bounded amount.
    /// </summary>
    Task<ChangedStatusRows> ListChangedSinceAsync(DateTimeOffset since, int maxRows, CancellationToken cancellationToken);

    /// <summary>
    /// Records a person's decision on the report's open exception, once (optimistic concurrency: of two decisions at the same moment
    /// one is recorded, the other finds it). Answers what it found and the row as it is now.
    /// </summary>
    Task<(ResolutionRecording Status, ReportStatusRecord? Row)> RecordResolutionAsync(ReportKey report, ExceptionResolution resolution, CancellationToken cancellationToken);
}
