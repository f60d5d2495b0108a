using FinanceFlow.Core.Model;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>The orchestration's input: where the raw payload is and who sent it. The report itself is read from the blob.</summary>
/// <param name="StatusTargets">The status fan-out targets, fixed at intake so replays see the same list; null (older runs) publishes nothing.</param>
public sealed record ProcessReportInput(
    string Source,
    string ReportId,
    int Version,
    string RawBlobName,
    string MessageId,
    DateTimeOffset ReceivedAt,
    string Actor,
    PostingRetryPlan PostingRetry,
    IReadOnlyList<StatusTargetPlan>? StatusTargets = null)
{
    /// <summary>How a report whose only blocking findings are overridable waits for a person; null: it ends Rejected at once.</summary>
    public ExceptionWaitPlan? ExceptionWait { get; init; }

    /// <summary>How many times a person asked for fix-and-retry before this run (each round its own exception id).</summary>
    public int ExceptionRound { get; init; }
}

/// <summary><c>FinanceFlow:Exceptions</c>, fixed at intake so replays see the same plan.</summary>
public sealed record ExceptionWaitPlan(int TimeoutBusinessDays, int ReminderBusinessDaysBefore);

/// <summary>The Durable retry policy for the ERP posting, fixed at intake so replays see the same plan.</summary>
public sealed record PostingRetryPlan(int MaxAttempts, double FirstRetrySeconds, double BackoffCoefficient, double MaxRetrySeconds);

/// <summary>One status fan-out target (<c>FinanceFlow:StatusFanOut:Targets:{Index}</c>) and the Durable retry policy of its publish activity.</summary>
public sealed record StatusTargetPlan(int Index, string Name, int MaxAttempts, double FirstRetrySeconds, double BackoffCoefficient, double MaxRetrySeconds);

/// <summary>The orchestration's output, also the body of the status callback.</summary>
public sealed record ReportResult(
    string Source,
    string ReportId,
    int Version,
    ReportOutcome Outcome,
    string? ErpDocumentNumber,
    string? EmployeeName,
    string? Currency,
    decimal? TotalAmount,
    IReadOnlyList<Finding> Findings,
    string? FailureReason,
    IReadOnlyList<ErpDocument>? Documents = null);

/// <summary>The orchestration's custom status: the stage it is in.</summary>
public sealed record ReportProgress(ReportStage Stage, string? Detail = null);
