using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Provisioning;
using FinanceFlow.Infrastructure.Storage;

namespace FinanceFlow.Infrastructure.Status;

/// <summary>Report status rows in Table <c>ReportStatus</c>; an older report version never overwrites a newer one.</summary>
/// <remarks>
/// A row this process wrote last is remembered with its ETag, so the run's next write of it (the outcome after the intake's row) is
/// one conditional write, no read: a 412 says someone else wrote it since, and it is read as before. A report this process has not
/// written is added without reading first; a 409 says it has a row.
/// </remarks>
public sealed class TableReportStatusStore(TableServiceClient tables) : IReportStatusStore
{
    public const string TableName = "ReportStatus";
    private const int MaxAttempts = 10;
    private const int MaxRememberedRows = 10_000;

    // Each row as this process last wrote it, with the ETag the write returned.
    private readonly ConcurrentDictionary<(string Partition, string Row), (TableEntity Entity, ETag ETag)> _written = new();

    public Task UpsertAsync(ReportStatusRecord record, CancellationToken cancellationToken) => WriteAsync(record, admitting: false, cancellationToken);

    public Task<bool> TryAdmitAsync(ReportStatusRecord record, CancellationToken cancellationToken) => WriteAsync(record, admitting: true, cancellationToken);

    /// <param name="admitting">True: a row of the same version is left as it is (false); else only a newer version's is.</param>
    private async Task<bool> WriteAsync(ReportStatusRecord record, bool admitting, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var entity = ReportStatusEntity.ToEntity(record);

        // Read (or take the row as last written here), compare, write conditionally: a concurrent writer makes the write fail
        // (409/412) and we read it.
        var key = (entity.PartitionKey, entity.RowKey);
        var known = _written.TryGetValue(key, out var remembered) ? remembered : ((TableEntity Entity, ETag ETag)?)null;
        var unread = known is null;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            (TableEntity Entity, ETag ETag)? existing = known ?? (unread ? null : await ReadAsync(table, entity, cancellationToken));
            known = null;
            unread = false;
            try
            {
                if (existing is null)
                {
                    Remember(key, entity, (await table.AddEntityAsync(entity, cancellationToken)).Headers.ETag);
                    return true;
                }

                var (row, etag) = existing.Value;
                var version = row.GetInt32("Version") ?? 0;
                if (version > record.Version || (admitting && version == record.Version))
                {
                    return false;
                }

                // The run's final write does not know the entity intake read: the same version keeps it.
                if (record.LegalEntity is null && version == record.Version)
                {
                    entity["LegalEntity"] = row.GetString("LegalEntity");
                }

                // Nor when the source approved it; and the first confirmed posting of a version stands (a retry that only attaches receipts
                // records Posted again): the sync lag is measured from these two.
                if (version == record.Version)
                {
                    entity["ApprovedAt"] = record.ApprovedAt?.ToUniversalTime() ?? row.GetDateTimeOffset("ApprovedAt");
                    entity["PostedAt"] = row.GetDateTimeOffset("PostedAt") ?? record.PostedAt?.ToUniversalTime();
                }

                // Nor the decision a person took on its exception: the row keeps it (who let the report through, and why).
                if (record.Exception is null && version == record.Version && ReportStatusEntity.ToRecord(row).Exception is { Resolution: not null } decided)
                {
                    entity["Exception"] = ReportStatusEntity.ToEntity(record with { Exception = decided })["Exception"];
                }

                Remember(key, entity, (await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
            {
                _written.TryRemove(key, out _);
            }
        }

        throw new InvalidOperationException($"The status of report {record.Source}/{record.ReportId} kept changing under {MaxAttempts} attempts to write it.");
    }

    private static async Task<(TableEntity Entity, ETag ETag)?> ReadAsync(TableClient table, TableEntity entity, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } found ? (found, found.ETag) : null;
    }

    private void Remember((string Partition, string Row) key, TableEntity written, ETag? etag)
    {
        if (etag is not { } tag)
        {
            _written.TryRemove(key, out _);
            return;
        }

        if (_written.Count >= MaxRememberedRows)
        {
            _written.Clear();
        }

        _written[key] = (written, tag);
    }

    public Task<bool> RecordPaymentAsync(
        ReportKey report, decimal paidAmount, DateTimeOffset paidAt, string paymentReference, DateTimeOffset updatedAt, CancellationToken cancellationToken) =>
        ChangeRowAsync(report, "record a payment", row => row switch
        {
            null => (false, null),
            { PaidAmount: { } recorded } when recorded >= paidAmount => (true, null),
            _ => (true, row with { PaidAmount = paidAmount, PaidAt = paidAt, PaymentReference = paymentReference, UpdatedAt = updatedAt }),
        }, cancellationToken);

    public Task<(ResolutionRecording Status, ReportStatusRecord? Row)> RecordResolutionAsync(
        ReportKey report, ExceptionResolution resolution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(resolution);
        return ChangeRowAsync<(ResolutionRecording, ReportStatusRecord?)>(report, "record a resolution", row =>
        {
            if (row is null)
            {
                return ((ResolutionRecording.NotFound, null), null);
            }

            if (row.Exception is not { } open || open.Id != resolution.ExceptionId)
            {
                return ((ResolutionRecording.NotOpen, row), null);
            }

            if (open.Resolution is not null)
            {
                return ((ResolutionRecording.AlreadyDecided, row), null);
            }

            if (row.Outcome != ReportOutcome.AwaitingResolution)
            {
                return ((ResolutionRecording.NotOpen, row), null);
            }

            var decided = row with { Exception = open with { Resolution = resolution }, UpdatedAt = resolution.At };
            return ((ResolutionRecording.Recorded, decided), decided);
        }, cancellationToken);
    }

    /// <summary>
    /// Reads a report's row (null when there is none), lets <paramref name="decide"/> say what to answer and what to write (null: nothing),
    /// and writes it on the ETag read: another writer in between makes the write fail (409/412) and the row is read and decided again.
    /// </summary>
    private async Task<T> ChangeRowAsync<T>(
        ReportKey report, string change, Func<ReportStatusRecord?, (T Result, ReportStatusRecord? Write)> decide, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(
                ReportStatusEntity.PartitionKey(report.Source), ReportStatusEntity.RowKey(report.ReportId), cancellationToken: cancellationToken);
            var read = existing.HasValue ? existing.Value : null;
            var (result, write) = decide(read is null ? null : ReportStatusEntity.ToRecord(read));
            if (read is null || write is null)
            {
                return result;
            }

            try
            {
                await table.UpdateEntityAsync(ReportStatusEntity.ToEntity(write), read.ETag, TableUpdateMode.Replace, cancellationToken);
                return result;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
            }
        }

        throw new InvalidOperationException($"The status of report {report} kept changing under {MaxAttempts} attempts to {change}.");
    }

    public async Task<IReadOnlyList<ReportStatusRecord>> ListByOutcomeAsync(IReadOnlyCollection<ReportOutcome> outcomes, CancellationToken cancellationToken)
    {
        if (TableFilters.OutcomeIn(outcomes) is not { } filter)
        {
            return [];
        }

        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var rows = new List<ReportStatusRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(ReportStatusEntity.ToRecord(row));
        }

        return rows;
    }

    public async Task<IReadOnlyList<ReportStatusRecord>> ListChangedSinceAsync(DateTimeOffset since, IReadOnlyCollection<ReportOutcome> open, CancellationToken cancellationToken)
    {
        var changed = ChangedSince(since);
        var filter = TableFilters.OutcomeIn(open) is { } outcomes ? $"({changed}) or ({outcomes})" : changed;
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var rows = new List<ReportStatusRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(ReportStatusEntity.ToRecord(row));
        }

        return rows;
    }

    public async Task<ChangedStatusRows> ListChangedSinceAsync(DateTimeOffset since, int maxRows, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var rows = new List<ReportStatusRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(ChangedSince(since), maxPerPage: Math.Min(maxRows + 1, 1000), cancellationToken: cancellationToken))
        {
            // One row past the bound tells that more matched; reading stops there.
            if (rows.Count == maxRows)
            {
                return new ChangedStatusRows(rows, Truncated: true);
            }

            rows.Add(ReportStatusEntity.ToRecord(row));
        }

        return new ChangedStatusRows(rows, Truncated: false);
    }

    private static string ChangedSince(DateTimeOffset since) => TableClient.CreateQueryFilter($"UpdatedAt ge {since.ToUniversalTime()}");

    public async Task<ReportStatusRecord?> GetAsync(ReportKey report, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(
            ReportStatusEntity.PartitionKey(report.Source), ReportStatusEntity.RowKey(report.ReportId), cancellationToken: cancellationToken);
        return existing.HasValue && existing.Value is not null ? ReportStatusEntity.ToRecord(existing.Value) : null;
    }
}
