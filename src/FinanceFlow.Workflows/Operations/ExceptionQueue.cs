using FinanceFlow.Core.Reconciliation;
using FinanceFlow.Infrastructure.Reconciliation;

namespace FinanceFlow.Workflows.Operations;

/// <summary>What <c>GET /api/v1/exceptions</c> answers.</summary>
/// <param name="Counts">Open items per kind.</param>
/// <param name="Items">Reports and card batches to act on, oldest first.</param>
/// <param name="LastReconciliation">The newest reconciliation run, or null before the first.</param>
/// <param name="LedgerDifferences">That run's differences between FinanceFlow's posting log and the ledgers.</param>
/// <param name="ReconciliationDifferences">That run's three-way differences it did not send through the pipeline again: amount
/// mismatches, duplicates, lost references, payments not synced, missing documents it could not redrive.</param>
public sealed record ExceptionQueueView(
    DateTimeOffset GeneratedAt,
    IReadOnlyDictionary<string, int> Counts,
    IReadOnlyList<OpenItem> Items,
    ReconciliationSummary? LastReconciliation,
    IReadOnlyList<ReconciliationFinding> LedgerDifferences,
    IReadOnlyList<ThreeWayFinding> ReconciliationDifferences);

/// <summary>
/// Finance ops' exception queue: everything open now (reports and card batches whose posting failed or is in doubt, that wait for master data,
/// that were rejected or are stuck), each with what to do, and the differences the last reconciliation found in the ledgers.
/// </summary>
public sealed class ExceptionQueue(OpenWork openWork, ReconciliationStore reconciliations, TimeProvider time)
{
    /// <summary>The kinds of open item, in the order the counts list them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [OpenWork.PostingFailed, OpenWork.PostingInDoubt, OpenWork.AwaitingMasterData, OpenWork.Stuck, OpenWork.Rejected, OpenWork.DeadLettered, OpenWork.ReceiptNotAttached];

    /// <summary>The queue now; <paramref name="kind"/> (one of <see cref="Kinds"/>) narrows the items to one kind.</summary>
    public async Task<ExceptionQueueView> GetAsync(string? kind, CancellationToken cancellationToken)
    {
        var items = await openWork.ListAsync(cancellationToken);
        var newest = await reconciliations.ListAsync(1, cancellationToken);
        var last = newest.Count == 0 ? null : newest[0];
        var differences = last is null ? null : await reconciliations.GetAsync(last, cancellationToken);
        var view = new ExceptionQueueView(
            time.GetUtcNow(),
            Kinds.ToDictionary(k => k, k => items.Count(i => i.Kind == k), StringComparer.Ordinal),
            [.. items.Where(i => kind is null || i.Kind == kind)],
            last,
            [.. differences?.Ledgers.SelectMany(l => l.Findings) ?? []],
            [.. differences?.ThreeWay?.ForFinanceOps ?? []]);
        return view;
    }
}
