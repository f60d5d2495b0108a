using FinanceFlow.Core.Reconciliation;
using FinanceFlow.Infrastructure.Reconciliation;

namespace FinanceFlow.Workflows.Operations;

/// <summary>What <c>GET /api/v1/exceptions</c> answers.</summary>
/// <param name="Counts">Open items per kind, whatever the filters.</param>
/// <param name="Items">Reports and card batches to act on that pass the filters, oldest first: one page when the caller asked for <c>top</c>.</param>
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
    IReadOnlyList<ThreeWayFinding> ReconciliationDifferences)
{
    /// <summary>How many items pass the filters, on every page together.</summary>
    public int Matched { get; init; }

    /// <summary>The token of the next page (sent back as <c>continuation</c>); null on the last page.</summary>
    public string? Continuation { get; init; }

    /// <summary>The next page's URL, the same query with <see cref="Continuation"/>; null on the last page.</summary>
    public string? Next { get; init; }
}

/// <summary>
/// Finance ops' exception queue: everything open now (reports and card batches whose posting failed or is in doubt, that wait for master data,
/// that were rejected or are stuck), each with what to do, and the differences the last reconciliation found in the ledgers.
/// </summary>
public sealed class ExceptionQueue(OpenWork openWork, ReconciliationStore reconciliations, TimeProvider time)
{
    /// <summary>The kinds of open item, in the order the counts list them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [OpenWork.PostingFailed, OpenWork.PostingInDoubt, OpenWork.AwaitingMasterData, OpenWork.Stuck, OpenWork.Rejected, OpenWork.DeadLettered, OpenWork.ReceiptNotAttached, OpenWork.AwaitingResolution];

    /// <summary>The queue now; <paramref name="filter"/> narrows the items and picks the page.</summary>
    public async Task<ExceptionQueueView> GetAsync(ExceptionFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var items = await openWork.ListAsync(cancellationToken);
        var newest = await reconciliations.ListAsync(1, cancellationToken);
        var last = newest.Count == 0 ? null : newest[0];
        var differences = last is null ? null : await reconciliations.GetAsync(last, cancellationToken);
        var now = time.GetUtcNow();
        var matched = items.Where(i => filter.Matches(i, now)).Order(ExceptionCursor.Order).ToList();
        var rest = filter.After is { } after ? matched.SkipWhile(i => !after.Precedes(i)).ToList() : matched;
        var page = filter.Top is { } top ? rest.Take(top).ToList() : rest;
        return new ExceptionQueueView(
            now,
            Kinds.ToDictionary(k => k, k => items.Count(i => i.Kind == k), StringComparer.Ordinal),
            page,
            last,
            [.. differences?.Ledgers.SelectMany(l => l.Findings) ?? []],
            [.. differences?.ThreeWay?.ForFinanceOps ?? []])
        {
            Matched = matched.Count,
            Continuation = page.Count < rest.Count ? ExceptionCursor.Of(page[^1]).ToToken() : null,
        };
    }
}
