using System.Globalization;
using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using FinanceFlow.Infrastructure.Cards;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.MasterData;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Activities;

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

    public async Task<CardBatchRecorded> RecordCardTransactions(CardBatchRequest request, CancellationToken cancellationToken)
    {
        if (await ReadAsync(request, cancellationToken) is not { } batch)
        {
            var unreadable = new Finding("card-batch-unreadable", $"The stored batch {request.RawBlobName} is not a valid card batch.");
            await audit.RecordAsync(request.Step, nameof(RecordCardTransactions), "Invalid", request, unreadable.Message, cancellationToken);
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
        await audit.RecordAsync(request.Step, nameof(RecordCardTransactions), findings.Count == 0 ? "Recorded" : "Duplicates", request, detail, cancellationToken);
        return new CardBatchRecorded(batch.Currency, batch.Transactions.Count, batch.Total, findings);
    }

    public async Task<CardJournalResult> BuildCardJournal(CardBatchRequest request, CancellationToken cancellationToken)
    {
        var batch = await ReadAsync(request, cancellationToken) ?? throw new InvalidOperationException($"The stored batch {request.RawBlobName} is not a valid card batch.");
        CardJournalResult result;
        if (masterDataOptions.CurrentValue.Enrichment == EnrichmentMode.Off)
        {
            result = new CardJournalResult(CardJournal.Build(batch, accounts.CurrentValue, batch.StatementDate), [], Governed: false);
        }
        else
        {
            var (target, findings) = CardPostingGovernance.Resolve(
                batch, await masterData.GetMasterDataAsync(cancellationToken), await masterData.GetMappingsAsync(cancellationToken));
            result = target is null
                ? new CardJournalResult(null, findings, Governed: true)
                : new CardJournalResult(CardJournal.Build(batch, target.Accounts, target.AccountingDate, target.Ledger, target.OriginalDate, target.MappingVersions), findings, Governed: true);
        }

        if (result.Entry is { } entry && JournalValidation.Validate(entry) is { Count: > 0 } invalid)
        {
            result = new CardJournalResult(null, [.. result.Findings, .. invalid], Governed: false);
        }

        var detail = result.Entry is { } built
            ? string.Create(CultureInfo.InvariantCulture, $"{built.ExternalReference} ({built.LegalEntity}{(built.Ledger is null ? "" : " → " + built.Ledger)}): {built.Lines.Count} lines, debit {built.TotalDebit} {built.Currency}, credit {built.TotalCredit} {built.Currency}")
            : string.Join("; ", result.Findings.Where(f => f.Severity == FindingSeverity.Error).Take(10).Select(f => $"{f.Code}: {f.Message}"));
        await audit.RecordAsync(request.Step, nameof(BuildCardJournal), result.Entry is null ? (result.Governed ? "Unresolved" : "Invalid") : "Built", request, detail, cancellationToken);
        return result;
    }

    public async Task<int> MarkCardBatchPosted(CardBatchPostedRequest request, CancellationToken cancellationToken)
    {
        var stored = await transactions.ListBatchAsync(request.LegalEntity, request.BatchId, cancellationToken);
        foreach (var transaction in stored.Where(t => !t.IsPosted))
        {
            await transactions.MarkPostedAsync(request.LegalEntity, transaction.TransactionId, request.DocumentNumber, cancellationToken);
        }

        await audit.RecordAsync(request.Step, nameof(MarkCardBatchPosted), "Marked", request,
            $"{stored.Count} transactions in the ledger as {request.DocumentNumber}", cancellationToken);
        return stored.Count;
    }

    public async Task<bool> RecordCardBatchOutcome(CardBatchOutcomeRequest request, CancellationToken cancellationToken)
    {
        var r = request.Result;
        var existing = await batches.GetAsync(r.LegalEntity, r.BatchId, cancellationToken);
        var row = new CardBatchRecord(
            r.LegalEntity, r.BatchId, request.Step.CorrelationId, existing?.CardProgram, existing?.StatementDate, r.Currency, r.TransactionCount, r.Total,
            r.Outcome, r.Reference, r.Ledger, r.DocumentNumber, r.FailureReason, r.Findings, request.ReceivedAt, time.GetUtcNow());
        await batches.UpsertAsync(row, cancellationToken);
        var detail = r.Outcome == ReportOutcome.Posted
            ? $"{r.Reference} posted as {r.DocumentNumber}"
            : r.FailureReason ?? string.Join("; ", r.Findings.Take(10).Select(f => $"{f.Code}: {f.Message}"));
        await audit.RecordAsync(request.Step, nameof(RecordCardBatchOutcome), r.Outcome.ToString(), request, detail, cancellationToken);
        return true;
    }

    private async Task<CardBatch?> ReadAsync(CardBatchRequest request, CancellationToken cancellationToken) =>
        CardBatchReader.Read((await rawPayloads.ReadAsync(request.RawBlobName, cancellationToken)).ToMemory()).Batch;

    private CardBatchRecord Row(CardBatch batch, CardBatchRequest request, ReportOutcome outcome) => new(
        batch.LegalEntity, batch.BatchId, request.Step.CorrelationId, batch.CardProgram, batch.StatementDate, batch.Currency, batch.Transactions.Count, batch.Total,
        outcome, CardJournal.ReferenceFor(batch.LegalEntity, batch.BatchId), null, null, null, [], request.ReceivedAt, time.GetUtcNow());
}
