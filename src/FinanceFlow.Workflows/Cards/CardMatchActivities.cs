using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Cards;
using FinanceFlow.Workflows.Audit;

namespace FinanceFlow.Workflows.Cards;

/// <summary>An expense report's side of the card feed: which card lines clear a booked transaction or claim one, and marking them Matched after posting.</summary>
public sealed class CardMatchActivities(ICardTransactionStore transactions, StepAudit audit, TimeProvider time)
{
    /// <summary>
    /// Decides, before the report's journal is built, which card lines clear a transaction a batch journal holds and which credit
    /// the card payable; each of the latter is claimed for the report first, so its batch journal leaves it out, and each of the
    /// former reserved (Clearing), so no other report clears it too.
    /// </summary>
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
        var released = new List<string>();
        if (!HasErrors(result) && (result.Reported.Count > 0 || result.Cleared.Count > 0))
        {
            // A report that is rejected anyway claims and reserves nothing. A claim decides against a batch recording or building its
            // journal at the same moment, a reservation against another report clearing the same transaction: what is stored after
            // the conditional write, not what was read, says how the line is booked.
            var report = request.Report.Key.ToString();
            var now = time.GetUtcNow();
            foreach (var reported in result.Reported)
            {
                known[reported.Transaction] = await transactions.ClaimAsync(reported, report, now, cancellationToken);
            }

            foreach (var cleared in result.Cleared)
            {
                if (await transactions.ReserveAsync(cleared.LegalEntity, cleared.TransactionId, report, now, cancellationToken) is { } stored)
                {
                    known[cleared] = stored;
                }
            }

            result = CardMatching.Match(request.Report, known);
            if (HasErrors(result))
            {
                // Refused after all (another report took one of its transactions first): it posts nothing, so it gives back what it
                // reserved. Claims stay (a batch journal may already have left them out), as for a report whose posting fails.
                foreach (var (named, stored) in known.Where(k => k.Value.State == CardMatchState.Clearing && k.Value.MatchedReport == report))
                {
                    await transactions.ReleaseAsync(named.LegalEntity, named.TransactionId, report, cancellationToken);
                    released.Add(named.TransactionId);
                }

                result = new CardMatchResult([], result.Findings) { Reported = result.Reported };
            }
        }

        var detail = string.Join("; ", new[] { result.Cleared.Count == 0 ? "none cleared" : "clears " + string.Join(", ", result.ClearedIds) }
            .Concat(result.Reported.Count == 0 ? [] : ["claims (credits the card payable) " + string.Join(", ", result.Reported.Select(r => r.Transaction.TransactionId))])
            .Concat(released.Count == 0 ? [] : ["released " + string.Join(", ", released) + " (refused, posts nothing)"])
            .Concat(result.Findings.Select(f => $"{f.Code}: {f.Message}")));
        await audit.RecordAsync(request.Step, nameof(MatchCardTransactions), HasErrors(result) ? AuditOutcomes.Conflict : AuditOutcomes.Matched, request, detail, cancellationToken);
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
            // Confirms the claim made before the journal was built (or makes it, for a run matched before claims existed).
            var stored = await transactions.ClaimAsync(booked, report, now, cancellationToken);
            (stored is { BookedByReport: true } && stored.MatchedReport == report ? reported : lost).Add(booked.Transaction.TransactionId);
        }

        // Defensive: claims and batch journals decide before either journal is built, so only another report clearing the same
        // transaction at the same moment (or a run matched before claims existed) ends here; the ledger then holds it twice.
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

        await audit.RecordAsync(request.Step, nameof(MarkCardTransactionsMatched), lost.Count == 0 ? AuditOutcomes.Matched : AuditOutcomes.Conflict, request, string.Join("; ", parts), cancellationToken);
        return matched.Count + reported.Count;
    }

    private static bool HasErrors(CardMatchResult result) => result.Findings.Any(f => f.Severity == FindingSeverity.Error);
}
