using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Posting;
using FinanceFlow.Infrastructure.Postings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Posting;

/// <summary>
/// Posts a journal at most once per external reference. The intent is claimed right before the send, raising the row's fencing
/// generation; the send and every record after it happen only while that generation holds. A send whose answer never came is
/// unknown, not "not written": before anything is sent again the ERP is read by reference, and where that read is not
/// authoritative the posting waits as in doubt. A document found under our reference counts as ours only when it books the same.
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
        entry = await KeepPreviousReferenceAsync(entry, cancellationToken);
        var reference = entry.ExternalReference;
        var lease = TimeSpan.FromSeconds(options.CurrentValue.PostingLeaseSeconds);
        var target = new PostingTarget(string.IsNullOrWhiteSpace(entry.Ledger) ? null : entry.Ledger, entry.Currency, entry.TotalDebit, entry.AccountingDate);
        var claim = await postings.ClaimAsync(reference, JournalHash.Compute(entry), erp.Name, target, instanceId, lease, cancellationToken);

        switch (claim.Outcome)
        {
            case ClaimOutcome.AlreadyPosted:
                return await AlreadyPostedAsync(erp, entry, claim.Record, cancellationToken);

            case ClaimOutcome.HeldByAnother:
                throw new PostingInProgressException($"{reference} is being posted by another worker until {claim.Record.LeaseUntil:O}.");

            case ClaimOutcome.ClaimedInDoubt when await SettleAsync(erp, entry, claim.Record, cancellationToken) is { } settled:
                return settled;
        }

        return await SendAsync(erp, entry, claim.Record.Generation, lease, cancellationToken);
    }

    private async Task<PostingOutcome> SendAsync(IErpConnector erp, JournalEntry entry, long generation, TimeSpan lease, CancellationToken cancellationToken)
    {
        var reference = entry.ExternalReference;

        // The fence: a worker whose claim was taken over stops here, before anything reaches the ERP; the lease starts now.
        await postings.MarkSendingAsync(reference, generation, lease, cancellationToken);
        ErpPostingResult result;
        try
        {
            result = await erp.PostAsync(entry, cancellationToken);
        }
        catch (ErpUnavailableException ex)
        {
            await postings.SettleAsync(reference, generation, PostingState.Intent, null, "Not sent: " + ex.Message, cancellationToken);
            throw;
        }
        catch (ErpOutcomeUnknownException ex) when (erp.HasAuthoritativeLookup)
        {
            // The retry reads the ledger by reference before it sends anything again.
            await postings.SettleAsync(reference, generation, PostingState.InDoubt, null, ex.Message, cancellationToken);
            throw;
        }
        catch (ErpOutcomeUnknownException ex)
        {
            return await InDoubtAsync(erp, reference, generation, ex.Message, cancellationToken);
        }
        catch (ErpAuthenticationException ex)
        {
            // Refused before anything was written: not a fault a retry gets past, so finance ops sees it now, in the ERP's words.
            logger.LogError("Posting {Reference}: {Erp} refused FinanceFlow's credentials: {Message}", reference, erp.Name, ex.Message);
            await postings.SettleAsync(reference, generation, PostingState.Intent, null, "Not sent: " + ex.Message, cancellationToken);
            return new PostingOutcome(false, null, ex.Message + " Fix the ledger's credentials, then resubmit the report.", AlreadyPosted: false);
        }

        if (!result.Accepted)
        {
            await postings.SettleAsync(reference, generation, PostingState.Intent, null, result.Reason, cancellationToken);
            return new PostingOutcome(false, null, result.Reason, AlreadyPosted: false);
        }

        var documentNumber = result.DocumentNumber ?? reference;
        await postings.SettleAsync(reference, generation, PostingState.Posted, documentNumber, null, cancellationToken);
        return new PostingOutcome(true, documentNumber, null, AlreadyPosted: false, Confirmation: result.Confirmation, Warnings: result.Warnings);
    }

    /// <summary>An earlier send may have reached the ERP: what the ERP holds decides; null when it certainly holds nothing (send).</summary>
    private async Task<PostingOutcome?> SettleAsync(IErpConnector erp, JournalEntry entry, PostingRecord claimed, CancellationToken cancellationToken)
    {
        var reference = entry.ExternalReference;
        ErpDocumentLookup lookup;
        try
        {
            lookup = await erp.FindDocumentAsync(entry, cancellationToken);
        }
        catch (ErpAuthenticationException ex)
        {
            // The earlier send may be in the ERP and we may not read it: it stays in doubt, never sent blind.
            await postings.SettleAsync(reference, claimed.Generation, PostingState.InDoubt, null, claimed.Detail ?? ex.Message, cancellationToken);
            return new PostingOutcome(
                false, null, $"In doubt: {ex.Message} An earlier attempt may have posted {reference}; fix the credentials, then resubmit the report.", AlreadyPosted: false, PostingFlag.InDoubt);
        }

        if (lookup.Found && lookup.Differences.Count == 0)
        {
            logger.LogWarning("Posting {Reference} was sent by an earlier attempt and is in {Erp} as {Document}; recorded, not sent again", reference, erp.Name, lookup.DocumentNumber);
            await postings.SettleAsync(reference, claimed.Generation, PostingState.Posted, lookup.DocumentNumber, null, cancellationToken);
            return new PostingOutcome(true, lookup.DocumentNumber, null, AlreadyPosted: true);
        }

        if (lookup.Found)
        {
            var detail = $"{erp.Name} holds {lookup.DocumentNumber} under {reference}, but it books something else: {string.Join("; ", lookup.Differences)}.";
            logger.LogError("Posting {Reference}: {Detail}", reference, detail);
            await postings.SettleAsync(reference, claimed.Generation, PostingState.LedgerDiffers, lookup.DocumentNumber, detail, cancellationToken);
            return new PostingOutcome(
                false, lookup.DocumentNumber, detail + " Not recorded as posted and not sent again: correct it in the ERP, then retry the report.", AlreadyPosted: false, PostingFlag.LedgerDiffers);
        }

        return lookup.Authoritative
            ? null
            : await InDoubtAsync(erp, reference, claimed.Generation, claimed.Detail ?? "An earlier attempt may have sent it", cancellationToken);
    }

    /// <param name="why">What left the outcome unknown; kept on the row, so every later attempt says the same.</param>
    private async Task<PostingOutcome> InDoubtAsync(IErpConnector erp, string reference, long generation, string why, CancellationToken cancellationToken)
    {
        logger.LogError("Posting {Reference} is in doubt and {Erp} has no authoritative read to settle it: {Why}", reference, erp.Name, why);
        await postings.SettleAsync(reference, generation, PostingState.InDoubt, null, why, cancellationToken);
        return new PostingOutcome(
            false,
            null,
            $"In doubt: {why.TrimEnd('.')}. {erp.Name} has no authoritative read by reference, so {reference} is not sent again: the reconciliation or a person settles it.",
            AlreadyPosted: false,
            PostingFlag.InDoubt);
    }

    private async Task<PostingOutcome> AlreadyPostedAsync(IErpConnector erp, JournalEntry entry, PostingRecord posted, CancellationToken cancellationToken)
    {
        var same = JournalHash.Compare(posted.EntryHash, entry) switch
        {
            HashComparison.Same => true,
            HashComparison.Different => false,
            _ => await SameBooksAsync(erp, entry, posted, cancellationToken),
        };
        if (same)
        {
            logger.LogInformation("Posting {Reference} is already in {Erp} as {Document}; nothing sent", entry.ExternalReference, erp.Name, posted.DocumentNumber);
            return new PostingOutcome(true, posted.DocumentNumber, null, AlreadyPosted: true);
        }

        return new PostingOutcome(
            false,
            posted.DocumentNumber,
            $"{entry.ExternalReference} is already posted as {posted.DocumentNumber} with different amounts or accounts; a correction needs a reversal in the ERP, not a second posting.",
            AlreadyPosted: true);
    }

    /// <summary>
    /// A posting row older than the books-only hash (issue 11) differs from a later version's hash even when only the description
    /// changed: compare the amounts kept with the row, then what the ledger holds.
    /// </summary>
    private async Task<bool> SameBooksAsync(IErpConnector erp, JournalEntry entry, PostingRecord posted, CancellationToken cancellationToken)
    {
        if (posted.Target is { Currency: { } currency, TotalDebit: { } total } && (currency != entry.Currency || total != entry.TotalDebit))
        {
            return false;
        }

        var found = await erp.FindDocumentAsync(entry, cancellationToken);
        if (!found.Found)
        {
            logger.LogWarning("Posting {Reference} is recorded as posted but {Erp} did not show it; the reconciliation reports it", entry.ExternalReference, erp.Name);
        }

        return !found.Found || found.Differences.Count == 0;
    }

    /// <summary>A journal posted under its reference from before issue 11 keeps that reference, so an upgrade never posts it again.</summary>
    private async Task<JournalEntry> KeepPreviousReferenceAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        if (entry.PreviousReference is not { } previous || previous == entry.ExternalReference || await postings.GetAsync(previous, cancellationToken) is null)
        {
            return entry;
        }

        logger.LogInformation("Posting {Reference} continues under its earlier reference {Previous}", entry.ExternalReference, previous);
        return entry with { ExternalReference = previous, PreviousReference = null };
    }
}
