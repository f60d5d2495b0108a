using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Posting;
using FinanceFlow.Infrastructure.Postings;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.Workflows.Posting;

/// <summary>
/// One journal entry to its ledger, from an orchestrator (expense reports and card batches alike): the posting activity with its
/// retry plan, a posting another worker holds and FinanceFlow's own storage away waited out durably, and an ERP (or storage) still
/// unreachable after every attempt answered as <see cref="PostingFlag.Unreachable"/>, never as an exception.
/// </summary>
public static class PostingStep
{
    /// <summary>The posting lease's default length (<c>FinanceFlow:PostingLeaseSeconds</c>): how long a posting held by another worker is waited out.</summary>
    private static readonly TimeSpan LeaseWait = TimeSpan.FromSeconds(30);

    // Four lease lengths; a posting held longer fails as unreachable, and the watchdog runs it again later.
    private const int MaxLeaseWaits = 4;

    /// <summary>How long the step waits for FinanceFlow's own storage to come back before the next round of attempts.</summary>
    private static readonly TimeSpan StorageWait = TimeSpan.FromSeconds(15);

    // Twenty waits: five minutes of storage away inside the run; longer, it fails as storage unreachable and the watchdog runs it again.
    private const int MaxStorageWaits = 20;

    public static async Task<PostingOutcome> PostAsync(TaskOrchestrationContext context, StepContext step, JournalEntry entry, PostingRetryPlan plan, ILogger logger)
    {
        var leaseWaits = 0;
        var storageWaits = 0;
        while (true)
        {
            try
            {
                return await context.CallActivityAsync<PostingOutcome>(nameof(ErpActivities.PostToErp), new PostRequest(step, entry), Retry(plan));
            }
            catch (TaskFailedException ex) when (IsHeld(ex.FailureDetails) && leaseWaits < MaxLeaseWaits)
            {
                // Another worker holds the posting: after a crash, a worker that is gone. Its lease lapses by itself (posting
                // retries alone may all fall inside it), so wait it out durably and try again; the claim then settles it exactly once.
                leaseWaits++;
                logger.LogInformation("Posting {Reference} is held by another worker; trying again in {Seconds} s", entry.ExternalReference, LeaseWait.TotalSeconds);
                await context.CreateTimer(context.CurrentUtcDateTime.Add(LeaseWait), CancellationToken.None);
            }
            catch (TaskFailedException ex) when (IsStorageAway(ex.FailureDetails) && storageWaits < MaxStorageWaits)
            {
                // FinanceFlow's own storage is away (the posting log could not be read or written): not the ERP's fault, and an
                // outage outlasts the posting retries. Wait for it durably; the posting log settles the next attempt exactly once.
                storageWaits++;
                logger.LogWarning("Posting {Reference} waits for storage; trying again in {Seconds} s: {Cause}", entry.ExternalReference, StorageWait.TotalSeconds, ex.FailureDetails.ErrorMessage);
                await context.CreateTimer(context.CurrentUtcDateTime.Add(StorageWait), CancellationToken.None);
            }
            catch (TaskFailedException ex)
            {
                logger.LogWarning("Posting {Reference} failed after {Attempts} attempts: {Cause}", entry.ExternalReference, plan.MaxAttempts, ex.FailureDetails.ErrorMessage);
                var reason = IsStorageAway(ex.FailureDetails)
                    ? $"{PostingFailures.StorageUnreachable} for {StorageWait.TotalMinutes * MaxStorageWaits:0} minutes while posting: {ex.FailureDetails.ErrorMessage}"
                    : $"{PostingFailures.ErpUnreachable} after {plan.MaxAttempts} attempts: {ex.FailureDetails.ErrorMessage}";
                return new PostingOutcome(false, null, reason, false, PostingFlag.Unreachable);
            }
        }
    }

    /// <summary>Retries only faults that may pass (see <see cref="IsTransientFailure"/>).</summary>
    public static TaskOptions Retry(PostingRetryPlan plan) => TaskOptions.FromRetryPolicy(new RetryPolicy(
        plan.MaxAttempts,
        TimeSpan.FromSeconds(plan.FirstRetrySeconds),
        plan.BackoffCoefficient,
        TimeSpan.FromSeconds(plan.MaxRetrySeconds))
    {
        HandleFailure = IsTransientFailure,
    });

    /// <summary>
    /// True for the faults a later attempt may get past: the ERP unreachable, a lost answer the next attempt settles by reading the
    /// ledger before it sends, another worker holding the posting, this worker's lease taken over, or FinanceFlow's storage away.
    /// </summary>
    public static bool IsTransientFailure(TaskFailureDetails failure) =>
        failure.ErrorType == typeof(ErpUnavailableException).FullName
        || failure.ErrorType == typeof(ErpOutcomeUnknownException).FullName
        || IsHeld(failure)
        || failure.ErrorType == typeof(PostingLeaseLostException).FullName
        || IsStorageAway(failure);

    private static bool IsHeld(TaskFailureDetails failure) => failure.ErrorType == typeof(PostingInProgressException).FullName;

    private static bool IsStorageAway(TaskFailureDetails failure) => failure.ErrorType == typeof(PostingStorageUnavailableException).FullName;
}
