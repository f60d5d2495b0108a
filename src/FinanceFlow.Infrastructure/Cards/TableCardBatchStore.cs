using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Infrastructure.MasterData;
using FinanceFlow.Infrastructure.Provisioning;
using FinanceFlow.Infrastructure.Storage;

namespace FinanceFlow.Infrastructure.Cards;

/// <summary>Card batch rows in Table <c>CardBatches</c>.</summary>
public sealed class TableCardBatchStore(TableServiceClient tables) : ICardBatchStore
{
    public const string TableName = "CardBatches";
    private const int MaxAttempts = 10;

    public async Task UpsertAsync(CardBatchRecord record, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var entity = new TableEntity(TableKeys.Escape(record.LegalEntity), TableKeys.Escape(record.BatchId))
        {
            ["Outcome"] = record.Outcome.ToString(),
            ["Reference"] = record.Reference,
            ["Json"] = JsonSerializer.Serialize(record, FinanceFlowJson.Options),
        };
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken);
            try
            {
                if (!existing.HasValue || existing.Value is null)
                {
                    await table.AddEntityAsync(entity, cancellationToken);
                    return;
                }

                // A redelivered message must not make an ended batch look as if it were running again.
                if (record.Outcome == ReportOutcome.Pending && existing.Value.GetString("Outcome") != nameof(ReportOutcome.Pending))
                {
                    return;
                }

                await table.UpdateEntityAsync(entity, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
            }
        }

        throw new InvalidOperationException($"Card batch {record.LegalEntity}/{record.BatchId} kept changing under {MaxAttempts} attempts to write it.");
    }

    public async Task<IReadOnlyList<CardBatchRecord>> ListByOutcomeAsync(IReadOnlyCollection<ReportOutcome> outcomes, CancellationToken cancellationToken)
    {
        if (TableFilters.OutcomeIn(outcomes) is not { } filter)
        {
            return [];
        }

        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var batches = new List<CardBatchRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            batches.Add(JsonSerializer.Deserialize<CardBatchRecord>(row.GetString("Json")!, FinanceFlowJson.Options)!);
        }

        return batches;
    }

    public async Task<CardBatchRecord?> GetAsync(string legalEntity, string batchId, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(legalEntity), TableKeys.Escape(batchId), cancellationToken: cancellationToken);
        return row.HasValue && row.Value is not null
            ? JsonSerializer.Deserialize<CardBatchRecord>(row.Value.GetString("Json")!, FinanceFlowJson.Options)
            : null;
    }
}
