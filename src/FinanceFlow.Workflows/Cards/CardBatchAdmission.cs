using System.Globalization;
using System.Text.Json;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Cards;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.Intake;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Cards;

/// <summary>A card batch document as kept: the batch when it is valid, else the errors (pointers into the batch) that refuse it.</summary>
public sealed record CardBatchDocument(CardBatch? Batch, string DocumentBlob, IReadOnlyList<FieldError> Errors);

/// <summary>What admitting a valid card batch did: the run it started, or the one it found.</summary>
public sealed record CardAdmission(string InstanceId, bool Started);

/// <summary>
/// Card feed intake: keeps the batch document, validates it, and starts <see cref="ProcessCardBatch"/> under the batch's
/// deterministic instance id. A batch already run starts nothing, unless its run ended waiting for master data or without
/// reaching the ERP: then sending it again runs it again (posting stays idempotent on its reference).
/// </summary>
public sealed class CardBatchAdmission(
    IRawPayloadStore rawPayloads,
    ICardBatchStore batches,
    IntakeAudit intakeAudit,
    IOptionsMonitor<FinanceFlowOptions> options,
    TimeProvider time,
    ILogger<CardBatchAdmission> logger)
{
    /// <summary>Keeps the batch document as received, then reads it.</summary>
    /// <exception cref="RawPayloadConflictException">The message id came before with another document.</exception>
    public async Task<CardBatchDocument> KeepAsync(byte[] data, string messageId, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var blob = await rawPayloads.SaveAsync(SourceNames.Cards, "msg-" + messageId, receivedAt, BinaryData.FromBytes(data), cancellationToken);
        var read = CardBatchReader.Read(data);
        return new CardBatchDocument(read.Batch, blob, read.Errors);
    }

    /// <summary>Starts (or finds) the run of a batch <see cref="KeepAsync"/> kept as <paramref name="blob"/>.</summary>
    public async Task<CardAdmission> StartAsync(
        CardBatch batch, string blob, byte[] data, string messageId, DateTimeOffset receivedAt, string actor, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var instanceId = ProcessCardBatch.InstanceIdFor(batch.LegalEntity, batch.BatchId);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        var row = await batches.GetAsync(batch.LegalEntity, batch.BatchId, cancellationToken);
        if (instance is not null && !MayRunAgain(instance, row))
        {
            await intakeAudit.RecordDeliveryAsync(batch.Key, AuditOutcomes.Redelivered, actor, messageId, data, $"message {messageId}; batch already known as {instanceId}, not started again", cancellationToken);
            return new CardAdmission(instanceId, false);
        }

        var now = time.GetUtcNow();
        await batches.UpsertAsync(
            new CardBatchRecord(batch.LegalEntity, batch.BatchId, instanceId, batch.CardProgram, batch.StatementDate, batch.Currency, batch.Transactions.Count, batch.Total,
                ReportOutcome.Pending, CardJournal.ReferenceFor(batch.LegalEntity, batch.BatchId), null, null, null, [], receivedAt, now),
            cancellationToken);
        var input = new ProcessCardBatchInput(batch.LegalEntity, batch.BatchId, blob, messageId, receivedAt, actor, ReportAdmission.RetryPlan(options.CurrentValue.PostingRetry));
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(ProcessCardBatch), input, new StartOrchestrationOptions(instanceId), cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            logger.LogInformation(ex, "Card batch instance {InstanceId} was started by a concurrent delivery", instanceId);
            return new CardAdmission(instanceId, false);
        }

        var outcome = instance is null ? AuditOutcomes.Accepted : AuditOutcomes.Restarted;
        await intakeAudit.RecordDeliveryAsync(batch.Key, outcome, actor, messageId, data,
            string.Create(CultureInfo.InvariantCulture, $"message {messageId}; raw {blob}; {batch.Transactions.Count} transactions, {batch.Total} {batch.Currency}; runs as {instanceId}"), cancellationToken);
        logger.LogInformation("{Outcome} card batch {Entity}/{BatchId} ({Count} transactions) as {InstanceId}", outcome, batch.LegalEntity, batch.BatchId, batch.Transactions.Count, instanceId);
        return new CardAdmission(instanceId, true);
    }

    /// <summary>The status key a card batch document names, when it can be read: for audit rows about a batch that is refused.</summary>
    public static ReportKey? TryReadKey(byte[] data)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("legalEntity", out var entity) && entity.ValueKind == JsonValueKind.String
                && root.TryGetProperty("batchId", out var batchId) && batchId.ValueKind == JsonValueKind.String
                ? CardBatch.KeyOf(entity.GetString()!, batchId.GetString()!)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool MayRunAgain(OrchestrationMetadata instance, CardBatchRecord? row) =>
        instance.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated
        || (instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed && row?.Outcome is ReportOutcome.AwaitingMasterData or ReportOutcome.PostingFailed or ReportOutcome.PostingInDoubt);
}
