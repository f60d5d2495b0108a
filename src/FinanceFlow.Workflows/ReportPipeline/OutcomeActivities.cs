using FinanceFlow.Connectors.Callbacks;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.Sources;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>The outcome step at the end of every run: the status row, telling the source (callback or confirmation), the closing audit row.</summary>
public sealed class OutcomeActivities(
    IReportStatusStore statuses,
    ISourceCallbackClient callbacks,
    IEnumerable<ISourceConfirmation> confirmations,
    StepAudit audit,
    TimeProvider time)
{
    /// <summary>
    /// The outcome step in one activity: the status row, telling the source, the closing audit row; their audit rows in one
    /// transaction. Telling the source may fail on its own (the receiver away): that is audited, answered as not notified, and the
    /// run retries it alone (<see cref="NotifySource"/>), so the status row and the closing row never wait for a receiver.
    /// </summary>
    public Task<FinishResult> FinishReport(OutcomeRequest request, CancellationToken cancellationToken) =>
        audit.InOneAppendAsync(
            () => FinishAsync(() => RecordStatus(request, cancellationToken), () => NotifySource(request, cancellationToken), () => RecordOutcome(request, cancellationToken)),
            cancellationToken);

    /// <summary>The outcome step's order: the status row, then the source (its failure only answered), then the closing row.</summary>
    public static async Task<FinishResult> FinishAsync(Func<Task> recordStatus, Func<Task> notifySource, Func<Task> recordOutcome)
    {
        ArgumentNullException.ThrowIfNull(recordStatus);
        ArgumentNullException.ThrowIfNull(notifySource);
        ArgumentNullException.ThrowIfNull(recordOutcome);
        await recordStatus();
        var notified = true;
        try
        {
            await notifySource();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // NotifySource left its Failed row; the orchestration sends it again with its own retries.
            notified = false;
        }

        await recordOutcome();
        return new FinishResult(notified);
    }

    public async Task<bool> RecordStatus(OutcomeRequest request, CancellationToken cancellationToken)
    {
        var result = request.Result;
        var now = time.GetUtcNow();
        var record = new ReportStatusRecord(
            result.Source,
            result.ReportId,
            result.Version,
            request.Step.CorrelationId,
            ReportStage.Completed,
            result.Outcome,
            EmployeeId: null,
            result.EmployeeName,
            result.Currency,
            result.TotalAmount,
            result.ErpDocumentNumber,
            result.FailureReason,
            result.Findings,
            request.ReceivedAt,
            now,
            Documents: result.Documents,
            RawBlobName: request.RawBlobName,
            PostedAt: result.Outcome == ReportOutcome.Posted ? now : null);
        await statuses.UpsertAsync(record, cancellationToken);
        await audit.RecordAsync(request.Step, nameof(RecordStatus), result.Outcome.ToString(), request, null, cancellationToken);
        return true;
    }

    /// <summary>
    /// The report waits on an overridable exception: its row says <see cref="ReportOutcome.AwaitingResolution"/> with the exception (who may not
    /// resolve it, the reminder and the deadline), so the exception queue and the resolution route find it; audited <c>ExceptionOpened</c>.
    /// </summary>
    public async Task<bool> OpenException(OpenExceptionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = request.Result;
        var record = new ReportStatusRecord(
            result.Source,
            result.ReportId,
            result.Version,
            request.Step.CorrelationId,
            ReportStage.AwaitingResolution,
            ReportOutcome.AwaitingResolution,
            EmployeeId: null,
            result.EmployeeName,
            result.Currency,
            result.TotalAmount,
            null,
            null,
            result.Findings,
            request.ReceivedAt,
            time.GetUtcNow(),
            RawBlobName: request.RawBlobName,
            Exception: request.Exception);
        await statuses.UpsertAsync(record, cancellationToken);
        var blocking = string.Join(", ", result.Findings.Where(f => f is { Severity: FindingSeverity.Error, Overridable: true }).Select(f => f.Code).Distinct(StringComparer.Ordinal));
        await audit.RecordAsync(request.Step, nameof(OpenException), AuditOutcomes.ExceptionOpened, request,
            $"exception {request.Exception.Id} ({blocking}); reminder {request.Exception.RemindAt:yyyy-MM-dd HH:mm}, deadline {request.Exception.Deadline:yyyy-MM-dd HH:mm} UTC", cancellationToken);
        return true;
    }

    /// <summary>The audit row of what became of an exception: resolved (its resolver is the row's actor), reminded, or timed out.</summary>
    public async Task<bool> RecordExceptionStep(ExceptionStepRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (outcome, detail) = request switch
        {
            { Resolution: { } r } => (AuditOutcomes.ExceptionResolved, $"exception {request.Exception.Id}: {r.Action} by {r.Resolver}" + (string.IsNullOrWhiteSpace(r.Reason) ? string.Empty : $": {r.Reason}")),
            { Reminder: true } => (AuditOutcomes.ExceptionReminded, $"exception {request.Exception.Id}: reminder sent; deadline {request.Exception.Deadline:yyyy-MM-dd HH:mm} UTC"),
            _ => (AuditOutcomes.ExceptionTimedOut, $"exception {request.Exception.Id}: nobody resolved it by {request.Exception.Deadline:yyyy-MM-dd HH:mm} UTC"),
        };
        await audit.RecordAsync(request.Step, request.Reminder ? "ExceptionReminder" : "ResolveException", outcome, request, detail, cancellationToken);
        if (request.Resolution?.Action is ResolutionActions.ApproveOverride or ResolutionActions.FixAndRetry
            && await statuses.GetAsync(request.Step.Report, cancellationToken) is { Outcome: ReportOutcome.AwaitingResolution } row && row.Version == request.Step.Version)
        {
            // The run goes on: the row is Pending again (the watchdog watches it), and keeps the decision for a repeated request to find.
            await statuses.UpsertAsync(row with { Stage = ReportStage.CheckingPolicy, Outcome = ReportOutcome.Pending, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        }

        return true;
    }

    /// <summary>The signed status callback (when the source has a callback URL) and the source's own confirmation (when it has one).</summary>
    public async Task<string> NotifySource(OutcomeRequest request, CancellationToken cancellationToken)
    {
        var result = request.Result;
        var callback = new StatusCallback(result.Source, result.ReportId, result.Version, result.Outcome, result.ErpDocumentNumber, result.Findings, time.GetUtcNow(), Documents: result.Documents);

        // One webhook-id per report version and outcome: a replayed fan-out is the same message to the receiver.
        var messageId = $"{request.Step.CorrelationId}:{result.Outcome}";
        var done = new List<string>(2);
        try
        {
            done.Add("callback " + await callbacks.SendAsync(callback, messageId, cancellationToken));
            foreach (var confirmation in confirmations.Where(c => string.Equals(c.Source, result.Source, StringComparison.OrdinalIgnoreCase)))
            {
                done.Add(await confirmation.ConfirmAsync(result, request.RawBlobName, cancellationToken));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await audit.RecordAsync(request.Step, nameof(NotifySource), AuditOutcomes.Failed, request, string.Join("; ", [.. done, ex.Message]), cancellationToken);
            throw;
        }

        var summary = string.Join("; ", done);
        await audit.RecordAsync(request.Step, nameof(NotifySource), AuditOutcomes.Notified, request, summary, cancellationToken);
        return summary;
    }

    public async Task<bool> RecordOutcome(OutcomeRequest request, CancellationToken cancellationToken)
    {
        var result = request.Result;
        var detail = result.Outcome switch
        {
            ReportOutcome.Posted when result.Documents is { Count: > 1 } documents => "ERP documents " + string.Join(", ", documents.Select(d => $"{d.DocumentNumber} ({d.Entity})")),
            ReportOutcome.Posted => $"ERP document {result.ErpDocumentNumber}",
            ReportOutcome.Rejected or ReportOutcome.AwaitingMasterData => string.Join("; ", result.Findings.Select(f => $"{f.Code}: {f.Message}")),
            _ => result.FailureReason,
        };
        await audit.RecordAsync(request.Step, nameof(RecordOutcome), result.Outcome.ToString(), request, detail, cancellationToken);
        return true;
    }
}
