using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.CashAdvances;
using FinanceFlow.Workflows.Posting;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>
/// The decisions of the prepare step (<see cref="PrepareActivities"/>): which step runs next and where it stops, the same as the
/// orchestration decides them, over steps it is handed (the activities' own code in the app; recorded doubles in tests).
/// </summary>
public static class PrepareFlow
{
    public static async Task<PreparedReport> RunAsync(IPrepareSteps steps, PrepareRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(request);
        var step = request.Step;
        var normalized = await steps.NormalizeAsync(new NormalizeRequest(step, request.RawBlobName), cancellationToken);
        var prepared = new PreparedReport(normalized);
        if (normalized.Report is not { } report)
        {
            return prepared;
        }

        var enriched = await steps.EnrichAsync(new EnrichRequest(step, report, normalized.SourceJournal), cancellationToken);
        prepared = prepared with { Enriched = enriched };
        if (HasErrors(enriched.Findings))
        {
            return prepared;
        }

        if (CashAdvanceCheck.Applies(report, normalized.SourceJournal))
        {
            var unissued = await steps.CheckAdvancesAsync(new CashAdvanceCheckRequest(step, request.RawBlobName), cancellationToken);
            prepared = prepared with { Advances = unissued };
            if (unissued.Count > 0)
            {
                return prepared;
            }
        }

        var policy = await steps.CheckPolicyAsync(new PolicyRequest(step, report, request.Today, normalized.SourceJournal is not null), cancellationToken);
        prepared = prepared with { Policy = policy };
        if (HasErrors([.. normalized.Findings, .. enriched.Findings, .. policy]))
        {
            return prepared;
        }

        var stored = await steps.StoreAttachmentsAsync(new AttachmentsRequest(step, report, request.RawBlobName), cancellationToken);
        prepared = prepared with { Stored = stored };
        if (stored.Findings.Count > 0)
        {
            return prepared;
        }

        report = report with { Attachments = stored.Attachments };
        var matched = CardMatching.Named(report).Count == 0 ? CardMatchResult.None : await steps.MatchCardsAsync(new CardMatchRequest(step, report), cancellationToken);
        prepared = prepared with { Cards = matched };
        if (HasErrors(matched.Findings))
        {
            return prepared;
        }

        var journal = await steps.BuildJournalAsync(
            new JournalRequest(step, report, enriched.SourceJournal ?? normalized.SourceJournal, enriched.Batches, matched.ClearedIds), cancellationToken);
        prepared = prepared with { Journal = journal };
        if (journal.Entries.Count == 0)
        {
            return prepared;
        }

        // Each entity's journal to its own ledger, in parallel, as the orchestration posts them.
        var posted = await Task.WhenAll(journal.Entries.Select(entry => FirstAttemptAsync(steps, step, entry, cancellationToken)));
        prepared = prepared with { Posted = posted };
        if (posted.Any(p => p is null)
            || (report.Attachments.Count > 0 && posted.Any(p => p is { Accepted: true, TakesReceipts: true }))
            || (posted.All(p => p!.Accepted) && (matched.Cleared.Count > 0 || matched.Reported.Count > 0)))
        {
            // A posting to retry, receipts for the ERP, card transactions to confirm: the orchestration goes on from here.
            return prepared;
        }

        // Settled: the outcome the orchestration would record, recorded here (one activity for a clean report).
        IReadOnlyList<Finding> findings = [.. normalized.Findings, .. enriched.Findings, .. policy, .. matched.Findings];
        var result = PostedReport.Result(step, report, findings, [.. journal.Entries.Zip(posted, (entry, p) => PostedReport.Entry(entry, p!, []))]);
        var finished = await steps.FinishAsync(new OutcomeRequest(step, result, request.ReceivedAt, request.RawBlobName), cancellationToken);
        return prepared with { Finished = new FinishedReport(result, finished.Notified) };
    }

    /// <summary>One posting attempt; a fault (audited by the posting step) is left to the orchestration's retries.</summary>
    private static async Task<PostingOutcome?> FirstAttemptAsync(IPrepareSteps steps, StepContext step, JournalEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            return await steps.PostAsync(new PostRequest(step, entry), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    private static bool HasErrors(IEnumerable<Finding> findings) => findings.Any(f => f.Severity == FindingSeverity.Error);
}
