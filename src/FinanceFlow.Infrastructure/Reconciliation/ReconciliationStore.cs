using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using FinanceFlow.Core.Reconciliation;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Infrastructure.Provisioning;

namespace FinanceFlow.Infrastructure.Reconciliation;

/// <summary>A reconciliation run as listed: its counts and where the full report is.</summary>
/// <param name="ThreeWay">The three-way findings per class (every class), null for runs before it.</param>
/// <param name="Redriven">Documents the run sent through the pipeline again.</param>
/// <param name="CsvBlobName">The three-way findings as CSV, null for runs before it.</param>
public sealed record ReconciliationSummary(
    string RunId, string Trigger, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string Outcome, int Ledgers, int Matched, int Errors, int Warnings, int OpenItems, string BlobName,
    IReadOnlyDictionary<string, int>? ThreeWay = null, int Redriven = 0, string? CsvBlobName = null);

/// <summary>
/// Reconciliation runs: the full report as JSON in blob container <c>reconciliations</c> (<c>yyyy/MM/dd/{runId}.json</c>), its
/// three-way findings as CSV beside it (<c>{runId}.csv</c>), and one row per run in Table <c>Reconciliations</c> (newest first) to list them.
/// </summary>
public sealed class ReconciliationStore(TableServiceClient tables, BlobServiceClient blobs)
{
    public const string TableName = "Reconciliations";
    public const string ContainerName = "reconciliations";
    private const string Partition = "run";

    public async Task<ReconciliationReport> SaveAsync(ReconciliationReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var day = report.StartedAt.UtcDateTime;
        var blobName = string.Create(CultureInfo.InvariantCulture, $"{day:yyyy}/{day:MM}/{day:dd}/{report.RunId}.json");
        var stored = report with { BlobName = blobName };
        var container = await StorageProvisioning.GetContainerAsync(blobs, ContainerName, cancellationToken);
        await container.GetBlobClient(blobName).UploadAsync(BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(stored, FinanceFlowJson.Options)), overwrite: true, cancellationToken);
        var csvName = report.ThreeWay is null ? null : CsvName(blobName);
        if (report.ThreeWay is { } threeWay)
        {
            await container.GetBlobClient(csvName).UploadAsync(BinaryData.FromString(threeWay.ToCsv()), overwrite: true, cancellationToken);
        }

        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        await table.UpsertEntityAsync(
            new TableEntity(Partition, RowKey(report.StartedAt, report.RunId))
            {
                ["RunId"] = report.RunId,
                ["Trigger"] = report.Trigger,
                ["StartedAt"] = report.StartedAt.ToUniversalTime(),
                ["FinishedAt"] = report.FinishedAt.ToUniversalTime(),
                ["Outcome"] = report.Outcome,
                ["Ledgers"] = report.Ledgers.Count,
                ["Matched"] = report.Ledgers.Sum(l => l.Matched),
                ["Errors"] = report.Errors,
                ["Warnings"] = report.Warnings,
                ["OpenItems"] = report.OpenItems.Count,
                ["BlobName"] = blobName,
                ["CsvBlobName"] = csvName,
                ["ThreeWay"] = report.ThreeWay is null ? null : JsonSerializer.Serialize(report.ThreeWay.Counts, FinanceFlowJson.Options),
                ["Redriven"] = report.ThreeWay?.Redriven.Count ?? 0,
            },
            TableUpdateMode.Replace,
            cancellationToken);
        return stored;
    }

    /// <summary>The newest runs first.</summary>
    public async Task<IReadOnlyList<ReconciliationSummary>> ListAsync(int top, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var runs = new List<ReconciliationSummary>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, maxPerPage: top, cancellationToken: cancellationToken))
        {
            runs.Add(new ReconciliationSummary(
                row.GetString("RunId") ?? string.Empty, row.GetString("Trigger") ?? string.Empty, row.GetDateTimeOffset("StartedAt") ?? default,
                row.GetDateTimeOffset("FinishedAt") ?? default, row.GetString("Outcome") ?? string.Empty, row.GetInt32("Ledgers") ?? 0, row.GetInt32("Matched") ?? 0,
                row.GetInt32("Errors") ?? 0, row.GetInt32("Warnings") ?? 0, row.GetInt32("OpenItems") ?? 0, row.GetString("BlobName") ?? string.Empty,
                row.GetString("ThreeWay") is { } counts ? JsonSerializer.Deserialize<Dictionary<string, int>>(counts, FinanceFlowJson.Options) : null,
                row.GetInt32("Redriven") ?? 0,
                row.GetString("CsvBlobName")));
            if (runs.Count == top)
            {
                break;
            }
        }

        return runs;
    }

    /// <summary>The full report of a run, or null when there is none.</summary>
    public async Task<ReconciliationReport?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RunId eq {runId}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            return await ReadAsync(row.GetString("BlobName") ?? string.Empty, cancellationToken);
        }

        return null;
    }

    /// <summary>The full report of a listed run (no second look-up of its row), or null when its blob is gone.</summary>
    public Task<ReconciliationReport?> GetAsync(ReconciliationSummary run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return ReadAsync(run.BlobName, cancellationToken);
    }

    /// <summary>The three-way findings of a run as CSV, or null when the run has none (before three-way) or there is no such run.</summary>
    public async Task<string?> GetCsvAsync(string runId, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RunId eq {runId}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.GetString("CsvBlobName") is not { } csvName)
            {
                return null;
            }

            var container = await StorageProvisioning.GetContainerAsync(blobs, ContainerName, cancellationToken);
            try
            {
                return (await container.GetBlobClient(csvName).DownloadContentAsync(cancellationToken)).Value.Content.ToString();
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return null;
            }
        }

        return null;
    }

    private static string CsvName(string blobName) => blobName[..^".json".Length] + ".csv";

    private async Task<ReconciliationReport?> ReadAsync(string blobName, CancellationToken cancellationToken)
    {
        var container = await StorageProvisioning.GetContainerAsync(blobs, ContainerName, cancellationToken);
        try
        {
            var content = (await container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken)).Value.Content;
            return content.ToObjectFromJson<ReconciliationReport>(FinanceFlowJson.Options);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    // Newest first: Table storage returns rows in key order.
    private static string RowKey(DateTimeOffset startedAt, string runId) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - startedAt.UtcTicks:D19}-{runId}");
}
