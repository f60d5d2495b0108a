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
/// retry plan, a posting another worker holds waited out durably, and an ERP still unreachable after every attempt answered as
/// <see cref="PostingFlag.Unreachable"/>, never as an exception.
/// </summary>
public static class PostingStep
{
    /// <summary>The posting lease's default length (<c>FinanceFlow:PostingLeaseSeconds</c>): how long a posting held by another worker is waited out.</summary>
    private static readonly TimeSpan LeaseWait = TimeSpan.FromSeconds(30);

    // Four lease lengths; a posting held longer fails as unreachable, and the watchdog runs it again later.
    private const int MaxLeaseWaits = 4;

    public static async Task<PostingOutcome> PostAsync(TaskOrchestrationContext context, StepContext step, JournalEntry entry, PostingRetryPlan plan, ILogger logger)
    {
        for (var leaseWaits = 0; ; leaseWaits++)
        {
            try
            {
                return await context.CallActivityAsync<PostingOutcome>(nameof(ErpActivities.PostToErp), new PostRequest(step, entry), Retry(plan));
            }
            catch (TaskFailedException ex) when (ex.FailureDetails.ErrorType == typeof(PostingInProgressException).FullName && leaseWaits < MaxLeaseWaits)
            {
                // Another worker holds the posting: after a crash, a worker that is gone. Its lease lapses by itself (posting
                // retries alone may all fall inside it), so wait it out durably and try again; the claim then settles it exactly once.
                logger.LogInformation("Posting {Reference} is held by another worker; trying again in {Seconds} s", entry.ExternalReference, LeaseWait.TotalSeconds);
                await context.CreateTimer(context.CurrentUtcDateTime.Add(LeaseWait), CancellationToken.None);
            }
            catch (TaskFailedException ex)
            {
                logger.LogWarning("Posting {Reference} failed after {Attempts} attempts: {Cause}", entry.ExternalReference, plan.MaxAttempts, ex.FailureDetails.ErrorMessage);
                var reason = $"{PostingFailures.ErpUnreachable} after {plan.MaxAttempts} attempts: {ex.FailureDetails.ErrorMessage}";
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
    /// ledger before it sends, another worker holding the posting, or this worker's lease taken over.
    /// </summary>
    public static bool IsTransientFailure(TaskFailureDetails failure) =>
        failure.ErrorType == typeof(ErpUnavailableException).FullName
        || failure.ErrorType == typeof(ErpOutcomeUnknownException).FullName
        || failure.ErrorType == typeof(PostingInProgressException).FullName
        || failure.ErrorType == typeof(PostingLeaseLostException).FullName;
}
