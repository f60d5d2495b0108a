using FinanceFlow.Core.MasterData;

namespace FinanceFlow.Infrastructure.MasterData;

/// <summary>What each master-data sync or import did, kept in Table <c>SyncRuns</c>.</summary>
public interface ISyncRunStore
{
    Task AppendAsync(SyncSummary summary, CancellationToken cancellationToken);

    /// <summary>The latest runs of a kind, newest first.</summary>
    Task<IReadOnlyList<SyncSummary>> ReadLatestAsync(MasterDataKind kind, int count, CancellationToken cancellationToken);
}
