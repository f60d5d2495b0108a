using FinanceFlow.Core.Model;

namespace FinanceFlow.Workflows.Orchestrations;

/// <summary>The orchestration's input: where the raw payload is and who sent it. The report itself is read from the blob.</summary>
public sealed record ProcessReportInput(
    string Source,
    string ReportId,
    int Version,
    string RawBlobName,
    string MessageId,
    DateTimeOffset ReceivedAt,
    string Actor,
    PostingRetryPlan PostingRetry);

/// <summary>The Durable retry policy for the ERP posting, fixed at intake so replays see the same plan.</summary>
public sealed record PostingRetryPlan(int MaxAttempts, double FirstRetrySeconds, double BackoffCoefficient, double MaxRetrySeconds);

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
