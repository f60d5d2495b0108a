using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Cards;
using FinanceFlow.Workflows.Audit;

namespace FinanceFlow.Workflows.Activities;

/// <summary>An expense report's side of the card feed: which card lines clear a booked transaction, and marking them Matched after posting.</summary>
public sealed class CardMatchActivities(ICardTransactionStore transactions, StepAudit audit, TimeProvider time)
{
    public async Task<CardMatchResult> MatchCardTransactions(CardMatchRequest request, CancellationToken cancellationToken)
    {
        var known = new Dictionary<CardTransactionRef, CardTransactionRecord>();
        foreach (var named in CardMatching.Named(request.Report))
        {
            if (await transactions.GetAsync(named.LegalEntity, named.TransactionId, cancellationToken) is { } stored)
            {
                known[named] = stored;
            }
        }

        var result = CardMatching.Match(request.Report, known);
        var detail = string.Join("; ", new[] { result.Cleared.Count == 0 ? "none cleared" : "clears " + string.Join(", ", result.ClearedIds) }
            .Concat(result.Findings.Select(f => $"{f.Code}: {f.Message}")));
        var outcome = result.Findings.Any(f => f.Severity == FindingSeverity.Error) ? "Conflict" : "Matched";
        await audit.RecordAsync(request.Step, nameof(MatchCardTransactions), outcome, request, detail, cancellationToken);
        return result;
    }

    /// <returns>How many transactions are now Matched to the report, or recorded as booked by it before the feed.</returns>
    public async Task<int> MarkCardTransactionsMatched(CardMatchedRequest request, CancellationToken cancellationToken)
    {
        var report = request.Step.Report.ToString();
        var now = time.GetUtcNow();
        var matched = new List<string>();
        var reported = new List<string>();
        var lost = new List<string>();
        foreach (var transaction in request.Transactions)
        {
            var stored = await transactions.MarkMatchedAsync(transaction.LegalEntity, transaction.TransactionId, report, now, cancellationToken);
            (stored?.MatchedReport == report ? matched : lost).Add(transaction.TransactionId);
        }

        foreach (var booked in request.Reported ?? [])
        {
            var stored = await transactions.MarkReportedAsync(booked, report, now, cancellationToken);
            (stored is { BookedByReport: true } && stored.MatchedReport == report ? reported : lost).Add(booked.Transaction.TransactionId);
        }

        // Lost only to a report matched (or a batch posted) between this report's check and its posting: the ledger then holds
        // the transaction twice, to be reconciled by hand.
        var parts = new List<string>();
        if (matched.Count > 0)
        {
            parts.Add($"{string.Join(", ", matched)} matched to {report}");
        }

        if (reported.Count > 0)
        {
            parts.Add($"{string.Join(", ", reported)} credited to the card payable before the feed (ReportedBeforeFeed): their batch leaves them out");
        }

        if (lost.Count > 0)
        {
            parts.Add($"already matched elsewhere or booked by their batch meanwhile: {string.Join(", ", lost)}");
        }

        await audit.RecordAsync(request.Step, nameof(MarkCardTransactionsMatched), lost.Count == 0 ? "Matched" : "Conflict", request, string.Join("; ", parts), cancellationToken);
        return matched.Count + reported.Count;
    }
}
