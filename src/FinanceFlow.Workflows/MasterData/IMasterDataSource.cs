using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.MasterData;

namespace FinanceFlow.Workflows.MasterData;

/// <summary>Master data and mapping rules as enrichment reads them: indexed snapshots, reloaded from the stores now and then.</summary>
public interface IMasterDataSource
{
    ValueTask<MasterDataSnapshot> GetMasterDataAsync(CancellationToken cancellationToken);

    ValueTask<MappingSnapshot> GetMappingsAsync(CancellationToken cancellationToken);

    /// <summary>Drops the cached snapshots, so the next read loads what was just written.</summary>
    void Invalidate();
}
