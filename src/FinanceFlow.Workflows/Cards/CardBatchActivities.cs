using System.Globalization;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using FinanceFlow.Infrastructure.Cards;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.MasterData;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Cards;

/// <summary>The card batch's steps: store its transactions, build its journal, mark it posted, record its row.</summary>
public sealed class CardBatchActivities(
    IRawPayloadStore rawPayloads,
    ICardTransactionStore transactions,
    ICardBatchStore batches,
    IMasterDataSource masterData,
    IOptionsMonitor<MasterDataOptions> masterDataOptions,
    IOptionsMonitor<AccountMap> accounts,
    StepAudit audit,
    TimeProvider time)
{
    /// <summary>Finding: a transaction id another batch already booked; booking it again would debit card clearing twice.</summary>
    public const string DuplicateTransaction = "card-transaction-duplicate";

    private const int MaxBuilds = 10;

    public async Task<CardBatchRecorded> RecordCardTransactions(CardBatchRequest request, CancellationToken cancellationToken)
    {
        if (await ReadAsync(request, cancellationToken) is not { } batch)
        {
            var unreadable = new Finding("card-batch-unreadable", $"The stored batch {request.RawBlobName} is not a valid card batch.");
            await audit.RecordAsync(request.Step, nameof(RecordCardTransactions), AuditOutcomes.Invalid, request, unreadable.Message, cancellationToken);
            return new CardBatchRecorded(null, 0, 0m, [unreadable]);
        }

        await batches.UpsertAsync(Row(batch, request, ReportOutcome.Pending), cancellationToken);
        var findings = new List<Finding>();
        for (var i = 0; i < batch.Transactions.Count; i++)
        {
            var t = batch.Transactions[i];
            var stored = await transactions.RecordAsync(
                new CardTransactionRecord(batch.LegalEntity, t.TransactionId, batch.BatchId, t.EmployeeId, t.PostedDate, t.Merchant, t.Amount, batch.Currency,
                    CardMatchState.Unmatched, null, null, null),
                cancellationToken);
            if (stored.BatchId != batch.BatchId)
            {
                findings.Add(new Finding(DuplicateTransaction, $"Card transaction {t.TransactionId} is already booked by batch {stored.BatchId}.", $"/transactions/{i}/transactionId"));
            }
        }

        var detail = string.Create(CultureInfo.InvariantCulture, $"{batch.Transactions.Count} transactions, {batch.Total} {batch.Currency}, {batch.CardProgram} statement {batch.StatementDate:yyyy-MM-dd}")
            + string.Concat(findings.Select(f => "; " + f.Message));
        await audit.RecordAsync(request.Step, nameof(RecordCardTransactions), findings.Count == 0 ? AuditOutcomes.Recorded : AuditOutcomes.Duplicates, request, detail, cancellationToken);
        return new CardBatchRecorded(batch.Currency, batch.Transactions.Count, batch.Total, findings);
    }

    /// <summary>
    /// Builds the batch journal from the transactions no report claimed, then seals each into it (a conditional write per
    /// transaction): a report that claimed one in between makes the journal be built again without it, so the journal that
    /// leaves this step holds exactly the sealed transactions, which reports clear from then on.
    /// </summary>
    public async Task<CardJournalResult> BuildCardJournal(CardBatchRequest request, CancellationToken cancellationToken)
    {
        var batch = await ReadAsync(request, cancellationToken) ?? throw new InvalidOperationException($"The stored batch {request.RawBlobName} is not a valid card batch.");
        CardBatchSettlement settlement;
        CardJournalResult result;
        var builds = 0;
        do
        {
            // Each rebuild follows a claim that took a transaction for good, so this ends within the batch's size; the cap only
            // turns a misbehaving store into a failed (retried) activity.
            if (++builds > MaxBuilds)
            {
                throw new InvalidOperationException($"Reports kept claiming transactions of card batch {batch.LegalEntity}/{batch.BatchId} while its journal was built {MaxBuilds} times.");
            }

            settlement = CardBatchSettlement.For(batch, await transactions.ListBatchAsync(batch.LegalEntity, batch.BatchId, cancellationToken));
            result = await JournalAsync(batch, settlement, cancellationToken);
        }
        while (result.Entry is { } entry && !await SealAsync(settlement.ToBook, entry.ExternalReference, cancellationToken));

        var leftOut = settlement.BookedByReports.Select(t => t.TransactionId).ToList();
        result = result with { LeftOut = leftOut };

        // Whatever the journal's fate, these never enter a batch journal: they belong to the report that booked them.
        foreach (var booked in settlement.BookedByReports.Where(t => t.State == CardMatchState.ReportedBeforeFeed))
        {
            await transactions.MarkMatchedAsync(booked.LegalEntity, booked.TransactionId, booked.MatchedReport!, time.GetUtcNow(), cancellationToken);
        }

        var detail = result.Entry is { } built
            ? string.Create(CultureInfo.InvariantCulture, $"{built.ExternalReference} ({built.LegalEntity}{(built.Ledger is null ? "" : " → " + built.Ledger)}): {built.Lines.Count} lines, debit {built.TotalDebit} {built.Currency}, credit {built.TotalCredit} {built.Currency}")
            : result.NothingToPost ? "nothing to post"
            : string.Join("; ", result.Findings.Where(f => f.Severity == FindingSeverity.Error).Take(10).Select(f => $"{f.Code}: {f.Message}"));
        detail += string.Concat(settlement.BookedByReports.Select(t => string.Create(CultureInfo.InvariantCulture,
            $"; {t.TransactionId} left out, Matched: report {t.MatchedReport} credited {t.ReportedAmount} {t.ReportedCurrency} to the card payable before the feed")));
        detail += string.Concat(settlement.Findings.Where(f => f.Code == CardBatchSettlement.ReportedAmountDiffers).Select(f => $"; {f.Code}: {f.Message}"));
        var outcome = result.Entry is not null ? AuditOutcomes.Built : result.NothingToPost ? AuditOutcomes.NothingToPost : result.Governed ? AuditOutcomes.Unresolved : AuditOutcomes.Invalid;
        await audit.RecordAsync(request.Step, nameof(BuildCardJournal), outcome, request, detail, cancellationToken);
        return result;
    }

    private async Task<CardJournalResult> JournalAsync(CardBatch batch, CardBatchSettlement settlement, CancellationToken cancellationToken)
    {
        CardJournalResult result;
        if (settlement.ToBook.Transactions.Count == 0)
        {
            result = new CardJournalResult(null, settlement.Findings, Governed: false) { NothingToPost = true };
        }
        else if (masterDataOptions.CurrentValue.Enrichment == EnrichmentMode.Off)
        {
            result = new CardJournalResult(CardJournal.Build(settlement.ToBook, accounts.CurrentValue, batch.StatementDate), settlement.Findings, Governed: false);
        }
        else
        {
            var (target, findings) = CardPostingGovernance.Resolve(
                settlement.ToBook, await masterData.GetMasterDataAsync(cancellationToken), await masterData.GetMappingsAsync(cancellationToken));
            result = target is null
                ? new CardJournalResult(null, [.. settlement.Findings, .. findings], Governed: true)
                : new CardJournalResult(
                    CardJournal.Build(settlement.ToBook, target.Accounts, target.AccountingDate, target.Ledger, target.OriginalDate, target.MappingVersions),
                    [.. settlement.Findings, .. findings], Governed: true);
        }

        return result.Entry is { } entry && JournalValidation.Validate(entry) is { Count: > 0 } invalid
            ? new CardJournalResult(null, [.. result.Findings, .. invalid], Governed: false)
            : result;
    }

    /// <returns>False when a report claimed one of the transactions first: the journal must be built again without it.</returns>
    private async Task<bool> SealAsync(CardBatch toBook, string journal, CancellationToken cancellationToken)
    {
        var sealedAll = true;
        foreach (var t in toBook.Transactions)
        {
            var stored = await transactions.SealAsync(toBook.LegalEntity, t.TransactionId, toBook.BatchId, journal, cancellationToken);
            sealedAll &= CardTransactionRules.IsSealedFor(stored, journal);
        }

        return sealedAll;
    }

    public async Task<int> MarkCardBatchPosted(CardBatchPostedRequest request, CancellationToken cancellationToken)
    {
        var stored = await transactions.ListBatchAsync(request.LegalEntity, request.BatchId, cancellationToken);
        var leftOut = request.LeftOut.ToHashSet(StringComparer.Ordinal);
        var inJournal = stored.Where(t => !leftOut.Contains(t.TransactionId)).ToList();
        foreach (var transaction in inJournal.Where(t => !t.IsPosted))
        {
            await transactions.MarkPostedAsync(request.LegalEntity, transaction.TransactionId, request.DocumentNumber, cancellationToken);
        }

        // A report that credited the card payable after this journal was built: the issuer liability is now in the ledger twice.
        var twice = inJournal.Where(t => t.BookedByReport).ToList();
        var detail = $"{inJournal.Count} transactions in the ledger as {request.DocumentNumber}"
            + (leftOut.Count == 0 ? "" : $"; left out (booked by their reports): {string.Join(", ", leftOut.Order(StringComparer.Ordinal))}")
            + string.Concat(twice.Select(t => $"; {t.TransactionId} was also credited to the card payable by report {t.MatchedReport} while this journal posted: reconcile by hand"));
        await audit.RecordAsync(request.Step, nameof(MarkCardBatchPosted), twice.Count == 0 ? AuditOutcomes.Marked : AuditOutcomes.Conflict, request, detail, cancellationToken);
        return inJournal.Count;
    }

    public async Task<bool> RecordCardBatchOutcome(CardBatchOutcomeRequest request, CancellationToken cancellationToken)
    {
        var r = request.Result;
        var existing = await batches.GetAsync(r.LegalEntity, r.BatchId, cancellationToken);
        var row = new CardBatchRecord(
            r.LegalEntity, r.BatchId, request.Step.CorrelationId, existing?.CardProgram, existing?.StatementDate, r.Currency, r.TransactionCount, r.Total,
            r.Outcome, r.Reference, r.Ledger, r.DocumentNumber, r.FailureReason, r.Findings, request.ReceivedAt, time.GetUtcNow());
        await batches.UpsertAsync(row, cancellationToken);
        var detail = r.Outcome != ReportOutcome.Posted ? r.FailureReason ?? string.Join("; ", r.Findings.Take(10).Select(f => $"{f.Code}: {f.Message}"))
            : r.DocumentNumber is null ? $"{r.Reference} not posted: every transaction was already credited to the card payable by its report"
            : $"{r.Reference} posted as {r.DocumentNumber}";
        if (r.LeftOut is { Count: > 0 } leftOut)
        {
            detail += $"; left out of the journal, booked by their reports before the feed: {string.Join(", ", leftOut)}";
        }

        await audit.RecordAsync(request.Step, nameof(RecordCardBatchOutcome), r.Outcome.ToString(), request, detail, cancellationToken);
        return true;
    }

    private async Task<CardBatch?> ReadAsync(CardBatchRequest request, CancellationToken cancellationToken) =>
        CardBatchReader.Read((await rawPayloads.ReadAsync(request.RawBlobName, cancellationToken)).ToMemory()).Batch;

    private CardBatchRecord Row(CardBatch batch, CardBatchRequest request, ReportOutcome outcome) => new(
        batch.LegalEntity, batch.BatchId, request.Step.CorrelationId, batch.CardProgram, batch.StatementDate, batch.Currency, batch.Transactions.Count, batch.Total,
        outcome, CardJournal.ReferenceFor(batch.LegalEntity, batch.BatchId), null, null, null, [], request.ReceivedAt, time.GetUtcNow());
}
