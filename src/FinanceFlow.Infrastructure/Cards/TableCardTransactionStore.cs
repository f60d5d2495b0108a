using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Infrastructure.MasterData;
using FinanceFlow.Infrastructure.Provisioning;

namespace FinanceFlow.Infrastructure.Cards;

/// <summary>
/// Card transactions in Table <c>CardTransactions</c>. Every change is a conditional write (insert, or replace If-Match the
/// ETag read), retried on 409/412 with the rule applied again to what the other writer stored: a claim, a seal or a match is
/// never lost, and a report and a batch never both take the issuer liability.
/// </summary>
public sealed class TableCardTransactionStore(TableServiceClient tables) : ICardTransactionStore
{
    public const string TableName = "CardTransactions";
    private const int MaxAttempts = 10;

    public async Task<CardTransactionRecord> RecordAsync(CardTransactionRecord record, CancellationToken cancellationToken) =>
        (await UpdateAsync(record.LegalEntity, record.TransactionId, existing => CardTransactionRules.Record(existing, record), cancellationToken))!;

    public async Task<CardTransactionRecord> ClaimAsync(ReportedCardTransaction reported, string report, DateTimeOffset at, CancellationToken cancellationToken) =>
        (await UpdateAsync(reported.Transaction.LegalEntity, reported.Transaction.TransactionId, existing => CardTransactionRules.Claim(existing, reported, report, at), cancellationToken))!;

    public Task<CardTransactionRecord?> SealAsync(string legalEntity, string transactionId, string batchId, string journal, CancellationToken cancellationToken) =>
        UpdateAsync(legalEntity, transactionId, existing => CardTransactionRules.Seal(existing, batchId, journal), cancellationToken);

    public async Task<CardTransactionRecord?> GetAsync(string legalEntity, string transactionId, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(legalEntity), TableKeys.Escape(transactionId), cancellationToken: cancellationToken);
        return row.HasValue && row.Value is not null ? ToRecord(row.Value) : null;
    }

    public async Task<IReadOnlyList<CardTransactionRecord>> ListBatchAsync(string legalEntity, string batchId, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var records = new List<CardTransactionRecord>();
        var partition = TableKeys.Escape(legalEntity);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and BatchId eq {batchId}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            records.Add(ToRecord(row));
        }

        return [.. records.OrderBy(r => r.TransactionId, StringComparer.Ordinal)];
    }

    public Task MarkPostedAsync(string legalEntity, string transactionId, string document, CancellationToken cancellationToken) =>
        UpdateAsync(legalEntity, transactionId, existing => existing is null || existing.IsPosted ? existing : existing with { BatchDocument = document }, cancellationToken);

    public Task<CardTransactionRecord?> MarkMatchedAsync(string legalEntity, string transactionId, string report, DateTimeOffset at, CancellationToken cancellationToken) =>
        UpdateAsync(legalEntity, transactionId, existing => CardTransactionRules.Match(existing, report, at), cancellationToken);

    public Task<CardTransactionRecord?> ReserveAsync(string legalEntity, string transactionId, string report, DateTimeOffset at, CancellationToken cancellationToken) =>
        UpdateAsync(legalEntity, transactionId, existing => CardTransactionRules.Reserve(existing, report, at), cancellationToken);

    public Task<CardTransactionRecord?> ReleaseAsync(string legalEntity, string transactionId, string report, CancellationToken cancellationToken) =>
        UpdateAsync(legalEntity, transactionId, existing => CardTransactionRules.Release(existing, report), cancellationToken);

    /// <summary>Reads the row, applies <paramref name="change"/>, and writes the result conditionally when it differs.</summary>
    private async Task<CardTransactionRecord?> UpdateAsync(
        string legalEntity, string transactionId, Func<CardTransactionRecord?, CardTransactionRecord?> change, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(legalEntity), TableKeys.Escape(transactionId), cancellationToken: cancellationToken);
            var existing = row.HasValue && row.Value is not null ? ToRecord(row.Value) : null;
            var updated = change(existing);
            if (updated is null || updated == existing)
            {
                return existing;
            }

            try
            {
                if (existing is null)
                {
                    await table.AddEntityAsync(ToEntity(updated), cancellationToken);
                }
                else
                {
                    await table.UpdateEntityAsync(ToEntity(updated), row.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return updated;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another writer got there first: read what it wrote and decide again.
            }
        }

        throw new InvalidOperationException($"Card transaction {legalEntity}/{transactionId} kept changing under {MaxAttempts} attempts to write it.");
    }

    private static TableEntity ToEntity(CardTransactionRecord record) => new(TableKeys.Escape(record.LegalEntity), TableKeys.Escape(record.TransactionId))
    {
        ["BatchId"] = record.BatchId,
        ["State"] = record.State.ToString(),
        ["EmployeeId"] = record.EmployeeId,
        ["Currency"] = record.Currency,
        ["MatchedReport"] = record.MatchedReport,
        ["Json"] = JsonSerializer.Serialize(record, FinanceFlowJson.Options),
    };

    private static CardTransactionRecord ToRecord(TableEntity entity) =>
        JsonSerializer.Deserialize<CardTransactionRecord>(entity.GetString("Json")!, FinanceFlowJson.Options)
        ?? throw new InvalidOperationException($"Card transaction row {entity.PartitionKey}/{entity.RowKey} holds no record.");
}
