using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Serialization;

namespace FinanceFlow.Infrastructure.Status;

/// <summary>Maps <see cref="ReportStatusRecord"/> to and from a table row; decimals travel as invariant strings (tables have no decimal type).</summary>
internal static class ReportStatusEntity
{
    public static string PartitionKey(string source) => ReportKey.ToTableKey(source);

    public static string RowKey(string reportId) => ReportKey.ToTableKey(reportId);

    public static TableEntity ToEntity(ReportStatusRecord record) => new(PartitionKey(record.Source), RowKey(record.ReportId))
    {
        ["Source"] = record.Source,
        ["ReportId"] = record.ReportId,
        ["Version"] = record.Version,
        ["InstanceId"] = record.InstanceId,
        ["Stage"] = record.Stage.ToString(),
        ["Outcome"] = record.Outcome.ToString(),
        ["EmployeeId"] = record.EmployeeId,
        ["EmployeeName"] = record.EmployeeName,
        ["Currency"] = record.Currency,
        ["TotalAmount"] = record.TotalAmount?.ToString(CultureInfo.InvariantCulture),
        ["ErpDocumentNumber"] = record.ErpDocumentNumber,
        ["FailureReason"] = record.FailureReason,
        ["Findings"] = JsonSerializer.Serialize(record.Findings, FinanceFlowJson.Options),
        ["ReceivedAt"] = record.ReceivedAt.ToUniversalTime(),
        ["UpdatedAt"] = record.UpdatedAt.ToUniversalTime(),
        ["PaidAt"] = record.PaidAt?.ToUniversalTime(),
        ["PaidAmount"] = record.PaidAmount?.ToString(CultureInfo.InvariantCulture),
        ["PaymentReference"] = record.PaymentReference,
        ["Documents"] = record.Documents is null ? null : JsonSerializer.Serialize(record.Documents, FinanceFlowJson.Options),
        ["RawBlobName"] = record.RawBlobName,
        ["LegalEntity"] = record.LegalEntity,
        ["Exception"] = record.Exception is null ? null : JsonSerializer.Serialize(record.Exception, FinanceFlowJson.Options),
        ["ApprovedAt"] = record.ApprovedAt?.ToUniversalTime(),
        ["PostedAt"] = record.PostedAt?.ToUniversalTime(),
    };

    public static ReportStatusRecord ToRecord(TableEntity entity)
    {
        var total = entity.GetString("TotalAmount");
        var findings = entity.GetString("Findings");
        var paid = entity.GetString("PaidAmount");
        var documents = entity.GetString("Documents");
        var exception = entity.GetString("Exception");
        return new ReportStatusRecord(
            entity.GetString("Source") ?? entity.PartitionKey,
            entity.GetString("ReportId") ?? entity.RowKey,
            entity.GetInt32("Version") ?? 0,
            entity.GetString("InstanceId") ?? string.Empty,
            Enum.TryParse<ReportStage>(entity.GetString("Stage"), out var stage) ? stage : ReportStage.Received,
            Enum.TryParse<ReportOutcome>(entity.GetString("Outcome"), out var outcome) ? outcome : ReportOutcome.Pending,
            entity.GetString("EmployeeId"),
            entity.GetString("EmployeeName"),
            entity.GetString("Currency"),
            total is null ? null : decimal.Parse(total, NumberStyles.Number, CultureInfo.InvariantCulture),
            entity.GetString("ErpDocumentNumber"),
            entity.GetString("FailureReason"),
            string.IsNullOrEmpty(findings) ? [] : JsonSerializer.Deserialize<List<Finding>>(findings, FinanceFlowJson.Options) ?? [],
            entity.GetDateTimeOffset("ReceivedAt") ?? default,
            entity.GetDateTimeOffset("UpdatedAt") ?? default,
            entity.GetDateTimeOffset("PaidAt"),
            paid is null ? null : decimal.Parse(paid, NumberStyles.Number, CultureInfo.InvariantCulture),
            entity.GetString("PaymentReference"),
            string.IsNullOrEmpty(documents) ? null : JsonSerializer.Deserialize<List<ErpDocument>>(documents, FinanceFlowJson.Options),
            entity.GetString("RawBlobName"),
            entity.GetString("LegalEntity"),
            string.IsNullOrEmpty(exception) ? null : JsonSerializer.Deserialize<OpenException>(exception, FinanceFlowJson.Options),
            entity.GetDateTimeOffset("ApprovedAt"),
            entity.GetDateTimeOffset("PostedAt"));
    }
}
