using Azure.Data.Tables;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Infrastructure.Postings;

/// <summary>Maps <see cref="PostingRecord"/> to and from its one row in Table <c>Postings</c>.</summary>
internal static class PostingEntity
{
    public const string RowKey = "posting";

    private const int MaxDetail = 4000;

    public static string PartitionKey(string externalReference) => ReportKey.ToTableKey(externalReference);

    public static TableEntity ToEntity(PostingRecord record) => new(PartitionKey(record.ExternalReference), RowKey)
    {
        ["ExternalReference"] = record.ExternalReference,
        ["State"] = record.State.ToString(),
        ["EntryHash"] = record.EntryHash,
        ["Erp"] = record.Erp,
        ["InstanceId"] = record.InstanceId,
        ["DocumentNumber"] = record.DocumentNumber,
        ["CreatedAt"] = record.CreatedAt.ToUniversalTime(),
        ["PostedAt"] = record.PostedAt?.ToUniversalTime(),
        ["LeaseUntil"] = record.LeaseUntil.ToUniversalTime(),
        ["Ledger"] = record.Target?.Ledger,
        ["Currency"] = record.Target?.Currency,

        // Decimal as invariant text: Table storage has no decimal type, and a double would not keep cents exact.
        ["TotalDebit"] = record.Target?.TotalDebit?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["JournalDate"] = record.Target?.Date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["Generation"] = record.Generation,

        // Table storage holds at most 32K characters in a string property.
        ["Detail"] = record.Detail is { Length: > MaxDetail } detail ? detail[..MaxDetail] : record.Detail,
    };

    public static PostingRecord ToRecord(TableEntity entity) => new(
        entity.GetString("ExternalReference") ?? string.Empty,
        Enum.TryParse<PostingState>(entity.GetString("State"), out var state) ? state : PostingState.Intent,
        entity.GetString("EntryHash") ?? string.Empty,
        entity.GetString("Erp") ?? string.Empty,
        entity.GetString("InstanceId") ?? string.Empty,
        entity.GetString("DocumentNumber"),
        entity.GetDateTimeOffset("CreatedAt") ?? default,
        entity.GetDateTimeOffset("PostedAt"),
        entity.GetDateTimeOffset("LeaseUntil") ?? default,
        entity.GetString("Currency") is null && entity.GetString("Ledger") is null
            ? null
            : new PostingTarget(
                entity.GetString("Ledger"),
                entity.GetString("Currency"),
                decimal.TryParse(entity.GetString("TotalDebit"), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var total) ? total : null,
                DateOnly.TryParseExact(entity.GetString("JournalDate"), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date) ? date : null),
        entity.GetInt64("Generation") ?? 0,
        entity.GetString("Detail"));
}
