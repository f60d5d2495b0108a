using FinanceFlow.Core.Reconciliation;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Infrastructure.Reconciliation;
using FinanceFlow.Workflows.Http;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Workflows.Operations;

/// <summary>What <c>GET /api/v1/exceptions</c> answers.</summary>
/// <param name="Counts">Open items per kind.</param>
/// <param name="Items">Reports and card batches to act on, oldest first.</param>
/// <param name="LastReconciliation">The newest reconciliation run, or null before the first.</param>
/// <param name="LedgerDifferences">That run's differences between FinanceFlow and the ledgers.</param>
public sealed record ExceptionQueueView(
    DateTimeOffset GeneratedAt,
    IReadOnlyDictionary<string, int> Counts,
    IReadOnlyList<OpenItem> Items,
    ReconciliationSummary? LastReconciliation,
    IReadOnlyList<ReconciliationFinding> LedgerDifferences);

/// <summary>
/// Finance ops' exception queue: everything open now (reports and card batches whose posting failed, that wait for master data,
/// that were rejected or are stuck), each with what to do, and the differences the last reconciliation found in the ledgers.
/// </summary>
public sealed class ExceptionQueueHandler(OpenWork openWork, ReconciliationStore reconciliations, TimeProvider time)
{
    private static readonly string[] Kinds = [OpenWork.PostingFailed, OpenWork.AwaitingMasterData, OpenWork.Stuck, OpenWork.Rejected, OpenWork.DeadLettered];

    /// <summary><c>?kind=</c> narrows the items to one kind; 400 naming the kinds for another value.</summary>
    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? kind = request.Query.TryGetValue("kind", out var value) ? value.ToString() : null;
        if (kind is not null && !Kinds.Contains(kind, StringComparer.Ordinal))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-query", "Invalid query", $"kind must be one of {string.Join(", ", Kinds)}.",
                [new ProblemFieldError("kind", $"'{kind}' is not an exception kind")]);
        }

        var items = await openWork.ListAsync(cancellationToken);
        var newest = await reconciliations.ListAsync(1, cancellationToken);
        var last = newest.Count == 0 ? null : newest[0];
        var differences = last is null ? null : await reconciliations.GetAsync(last, cancellationToken);
        var view = new ExceptionQueueView(
            time.GetUtcNow(),
            Kinds.ToDictionary(k => k, k => items.Count(i => i.Kind == k), StringComparer.Ordinal),
            [.. items.Where(i => kind is null || i.Kind == kind)],
            last,
            [.. differences?.Ledgers.SelectMany(l => l.Findings) ?? []]);
        return Results.Json(view, FinanceFlowJson.Options);
    }
}
