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

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(ReportKey report, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {report.PartitionKey}");
        var rows = new List<AuditRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(new AuditRecord(
                new ReportKey(entity.GetString("Source") ?? report.Source, entity.GetString("ReportId") ?? report.ReportId),
                entity.GetInt32("Version") ?? 0,
                entity.GetDateTimeOffset("At") ?? default,
                entity.GetString("Step") ?? string.Empty,
                entity.GetString("Outcome") ?? string.Empty,
                entity.GetString("Actor") ?? string.Empty,
                entity.GetString("CorrelationId") ?? string.Empty,
                entity.GetString("InputSha256") ?? string.Empty,
                entity.GetString("Detail")));
        }

        // The service already returns a partition in RowKey order; sorting again keeps the contract explicit.
        return rows.OrderBy(r => r.At).ToList();
    }
}
