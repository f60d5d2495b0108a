using System.Globalization;
using System.Text.Json;
using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Cards;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Intake;

/// <summary>What admitting a card batch did: the run it started or found, or the errors (pointers into the batch) that refuse it.</summary>
public sealed record CardAdmission(string? InstanceId, bool Started, string DocumentBlob, IReadOnlyList<FieldError> Errors);

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
    public async Task<CardAdmission> AdmitAsync(byte[] data, string messageId, DateTimeOffset receivedAt, string actor, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var blob = await rawPayloads.SaveAsync(CardBatch.CardSource, "msg-" + messageId, receivedAt, BinaryData.FromBytes(data), cancellationToken);
        var read = CardBatchReader.Read(data);
        if (read.Batch is not { } batch)
        {
            return new CardAdmission(null, false, blob, read.Errors);
        }

        var instanceId = ProcessCardBatch.InstanceIdFor(batch.LegalEntity, batch.BatchId);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        var row = await batches.GetAsync(batch.LegalEntity, batch.BatchId, cancellationToken);
        if (instance is not null && !MayRunAgain(instance, row))
        {
            await intakeAudit.RecordDeliveryAsync(batch.Key, "Redelivered", actor, messageId, data, $"message {messageId}; batch already known as {instanceId}, not started again", cancellationToken);
            return new CardAdmission(instanceId, false, blob, []);
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
            return new CardAdmission(instanceId, false, blob, []);
        }

        var outcome = instance is null ? "Accepted" : "Restarted";
        await intakeAudit.RecordDeliveryAsync(batch.Key, outcome, actor, messageId, data,
            string.Create(CultureInfo.InvariantCulture, $"message {messageId}; raw {blob}; {batch.Transactions.Count} transactions, {batch.Total} {batch.Currency}; runs as {instanceId}"), cancellationToken);
        logger.LogInformation("{Outcome} card batch {Entity}/{BatchId} ({Count} transactions) as {InstanceId}", outcome, batch.LegalEntity, batch.BatchId, batch.Transactions.Count, instanceId);
        return new CardAdmission(instanceId, true, blob, []);
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
        || (instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed && row?.Outcome is ReportOutcome.AwaitingMasterData or ReportOutcome.PostingFailed);
}
