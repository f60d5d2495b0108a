using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Posting;
using FinanceFlow.Infrastructure.Postings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Posting;

/// <summary>
/// Posts a journal at most once per external reference: the intent is written before the ERP is called,
/// and an intent left by a crashed attempt is settled by asking the ERP before anything is sent again.
/// </summary>
public sealed class IdempotentErpPoster(
    IErpLedgers ledgers,
    IPostingStore postings,
    IOptionsMonitor<FinanceFlowOptions> options,
    ILogger<IdempotentErpPoster> logger)
{
    public async Task<PostingOutcome> PostAsync(JournalEntry entry, string instanceId, CancellationToken cancellationToken)
    {
        if (!ledgers.IsConfigured(entry.Ledger))
        {
            // A configuration gap finance ops must see, not a fault a retry would get past.
            return new PostingOutcome(false, null, $"Ledger '{entry.Ledger}' of entity {entry.LegalEntity} is not configured: set FinanceFlow:Erp:Ledgers:{entry.Ledger}:BaseUrl.", AlreadyPosted: false);
        }

        var erp = ledgers.For(entry.Ledger);
        var reference = entry.ExternalReference;
        var hash = JournalHash.Compute(entry);
        var lease = TimeSpan.FromSeconds(options.CurrentValue.PostingLeaseSeconds);
        var target = new PostingTarget(string.IsNullOrWhiteSpace(entry.Ledger) ? null : entry.Ledger, entry.Currency, entry.TotalDebit);
        var claim = await postings.ClaimAsync(reference, hash, erp.Name, target, instanceId, lease, cancellationToken);

        switch (claim.Outcome)
        {
            case ClaimOutcome.AlreadyPosted when claim.Record.EntryHash == hash:
                logger.LogInformation("Posting {Reference} is already in {Erp} as {Document}; nothing sent", reference, erp.Name, claim.Record.DocumentNumber);
                return new PostingOutcome(true, claim.Record.DocumentNumber, null, AlreadyPosted: true);

            case ClaimOutcome.AlreadyPosted:
                return new PostingOutcome(
                    false,
                    claim.Record.DocumentNumber,
                    $"{reference} is already posted as {claim.Record.DocumentNumber} with different amounts or accounts; a correction needs a reversal in the ERP, not a second posting.",
                    AlreadyPosted: true);

            case ClaimOutcome.HeldByAnother:
                throw new PostingInProgressException($"{reference} is being posted by another worker until {claim.Record.LeaseUntil:O}.");

            case ClaimOutcome.ClaimedInDoubt:
                var found = await erp.FindDocumentAsync(reference, cancellationToken);
                if (found is not null)
                {
                    logger.LogWarning("Posting {Reference} was sent before a crash and is in {Erp} as {Document}; recorded, not resent", reference, erp.Name, found);
                    await postings.MarkPostedAsync(reference, found, cancellationToken);
                    return new PostingOutcome(true, found, null, AlreadyPosted: true);
                }

                break;
        }

        var result = await erp.PostAsync(entry, cancellationToken);
        if (!result.Accepted)
        {
            return new PostingOutcome(false, null, result.Reason, AlreadyPosted: false);
        }

        var documentNumber = result.DocumentNumber ?? reference;
        await postings.MarkPostedAsync(reference, documentNumber, cancellationToken);
        return new PostingOutcome(true, documentNumber, null, AlreadyPosted: false);
    }
}
