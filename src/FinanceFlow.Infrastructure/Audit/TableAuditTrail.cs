using System.Globalization;
using Azure.Data.Tables;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Provisioning;

namespace FinanceFlow.Infrastructure.Audit;

/// <summary>Append-only audit rows in Table <c>AuditTrail</c>; RowKeys sort by time, so a partition reads oldest first.</summary>
public sealed class TableAuditTrail(TableServiceClient tables) : IAuditTrail
{
    public const string TableName = "AuditTrail";

    public async Task AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var rowKey = string.Create(CultureInfo.InvariantCulture, $"{record.At.UtcTicks:D19}-{Guid.NewGuid():N}");
        var entity = new TableEntity(record.Report.PartitionKey, rowKey)
        {
            ["At"] = record.At.ToUniversalTime(),
            ["Step"] = record.Step,
            ["Outcome"] = record.Outcome,
            ["Actor"] = record.Actor,
            ["CorrelationId"] = record.CorrelationId,
            ["InputSha256"] = record.InputSha256,
            ["Detail"] = record.Detail,
            ["Version"] = record.Version,
            ["Source"] = record.Report.Source,
            ["ReportId"] = record.Report.ReportId,
        };

        // AddEntity fails on an existing key instead of replacing it: audit rows are never rewritten.
        await table.AddEntityAsync(entity, cancellationToken);
    }

    public Task<IReadOnlyList<AuditRecord>> ReadAsync(ReportKey report, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {report.PartitionKey}"), report, cancellationToken);

    public Task<IReadOnlyList<AuditRecord>> FindAsync(string step, string outcome, DateTimeOffset since, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"Step eq {step} and Outcome eq {outcome} and At ge {since.ToUniversalTime()}"), null, cancellationToken);

    private async Task<IReadOnlyList<AuditRecord>> QueryAsync(string filter, ReportKey? report, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var rows = new List<AuditRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(new AuditRecord(
                new ReportKey(entity.GetString("Source") ?? report?.Source ?? string.Empty, entity.GetString("ReportId") ?? report?.ReportId ?? string.Empty),
                entity.GetInt32("Version") ?? 0,
                entity.GetDateTimeOffset("At") ?? default,
                entity.GetString("Step") ?? string.Empty,
                entity.GetString("Outcome") ?? string.Empty,
                entity.GetString("Actor") ?? string.Empty,
                entity.GetString("CorrelationId") ?? string.Empty,
                entity.GetString("InputSha256") ?? string.Empty,
                entity.GetString("Detail")));
        }

        // The service returns a partition in RowKey order; across partitions the time decides.
        return rows.OrderBy(r => r.At).ToList();
    }
}
