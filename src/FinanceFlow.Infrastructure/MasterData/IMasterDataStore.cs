using FinanceFlow.Core.MasterData;

namespace FinanceFlow.Infrastructure.MasterData;

/// <summary>The governed copy of master data: one partition per kind, one row per record key.</summary>
public interface IMasterDataStore
{
    /// <summary>Every record of one kind, active or not.</summary>
    Task<IReadOnlyList<MasterRecord>> LoadAsync(MasterDataKind kind, CancellationToken cancellationToken);

    /// <summary>Every record of every kind.</summary>
    Task<MasterDataSet> LoadAllAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the records (by key), in transactions of at most 100 rows.</summary>
    Task UpsertAsync(MasterDataKind kind, IReadOnlyList<MasterRecord> records, CancellationToken cancellationToken);
}
