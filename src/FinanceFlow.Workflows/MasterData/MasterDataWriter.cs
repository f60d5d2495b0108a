using System.Text.Json;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.MasterData;

namespace FinanceFlow.Workflows.MasterData;

/// <summary>Writes master data the one way the import API and the scheduled sync share: merge, store, sync summary, fresh cache, audit row.</summary>
public sealed class MasterDataWriter(IMasterDataStore store, ISyncRunStore runs, IAuditTrail audit, IMasterDataSource source)
{
    /// <summary>Merges the records of one kind from one source system into the store and keeps the summary in <c>SyncRuns</c>.</summary>
    public async Task<SyncSummary> MergeAsync(
        MasterDataKind kind, IReadOnlyList<MasterRecord> incoming, string sourceSystem, SyncMode mode, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = await store.LoadAsync(kind, cancellationToken);
        var merge = MasterDataMerge.Apply(kind, existing, incoming, sourceSystem, mode, now);
        await store.UpsertAsync(kind, merge.ToWrite, cancellationToken);
        source.Invalidate();
        await runs.AppendAsync(merge.Summary, cancellationToken);
        return merge.Summary;
    }

    /// <summary>Appends the audit row of an import or a sync run under <c>masterdata/{id}</c>; <paramref name="detail"/> is stored as JSON.</summary>
    public Task AuditAsync(
        string id, string step, string outcome, string actor, string correlationId, string inputSha256, object detail, DateTimeOffset now, CancellationToken cancellationToken) =>
        audit.AppendAsync(
            new AuditRecord(
                new ReportKey(AuditPartitions.MasterData, id), 0, now, step, outcome, actor, correlationId, inputSha256, JsonSerializer.Serialize(detail, FinanceFlowJson.Options)),
            cancellationToken);
}
