using Azure.Data.Tables;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Infrastructure.MasterData;
using FinanceFlow.Testing;

namespace FinanceFlow.Integration.Tests.Storage;

[Trait("Category", "Integration")]
public sealed class MasterDataStoreTests(AzuriteProcess azurite) : IClassFixture<AzuriteProcess>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task UpsertAsync_250RecordsWithAwkwardKeys_LoadsThemBackWithTheirTypeAndEnums()
    {
        // Arrange: a fresh account per test keeps the partitions to themselves.
        var store = new TableMasterDataStore(new TableServiceClient(azurite.ConnectionString));
        var entity = "E" + Guid.NewGuid().ToString("N")[..6];
        var accounts = Enumerable.Range(0, 250)
            .Select(i => new GlAccount { Entity = entity, Account = $"expenses/travel#{i}?x\\y", LastSyncedAt = Now })
            .ToList();
        var legal = new LegalEntity { Code = entity, FunctionalCurrency = "EUR", Ledger = "de", PostingObject = PostingObject.VendorBill, OpenPeriods = ["2026-11"] };

        // Act
        await store.UpsertAsync(MasterDataKind.GlAccounts, accounts, CancellationToken.None);
        await store.UpsertAsync(MasterDataKind.LegalEntities, [legal], CancellationToken.None);
        var loaded = await store.LoadAsync(MasterDataKind.GlAccounts, CancellationToken.None);
        var all = await store.LoadAllAsync(CancellationToken.None);

        // Assert
        var mine = loaded.Cast<GlAccount>().Where(a => a.Entity == entity).ToList();
        Assert.Equal(250, mine.Count);
        Assert.Contains(mine, a => a.Account == "expenses/travel#17?x\\y" && a.LastSyncedAt == Now);
        var readBack = Assert.Single(all.LegalEntities, e => e.Code == entity);
        Assert.Equal(PostingObject.VendorBill, readBack.PostingObject);
        Assert.Equal(["2026-11"], readBack.OpenPeriods);
        Assert.Equal(250, all.GlAccounts.Count(a => a.Entity == entity));
    }

    [Fact]
    public async Task UpsertAsync_SameKeyOtherCase_ReplacesTheRow()
    {
        var store = new TableMasterDataStore(new TableServiceClient(azurite.ConnectionString));
        var code = "c" + Guid.NewGuid().ToString("N")[..6];

        await store.UpsertAsync(MasterDataKind.CostCenters, [new CostCenter { Entity = "de01", Code = code, Name = "first" }], CancellationToken.None);
        await store.UpsertAsync(MasterDataKind.CostCenters, [new CostCenter { Entity = "DE01", Code = code.ToUpperInvariant(), Name = "second", Active = false }], CancellationToken.None);
        var loaded = await store.LoadAsync(MasterDataKind.CostCenters, CancellationToken.None);

        var center = (CostCenter)Assert.Single(loaded, r => string.Equals(((CostCenter)r).Code, code, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(("second", false), (center.Name, center.Active));
    }

    [Fact]
    public async Task SyncRuns_ReadLatest_NewestFirst()
    {
        var runs = new TableSyncRunStore(new TableServiceClient(azurite.ConnectionString));
        var source = "s" + Guid.NewGuid().ToString("N")[..6];
        await runs.AppendAsync(new SyncSummary(MasterDataKind.Projects, source, 1, 0, 0, 0, Now.AddHours(-2)), CancellationToken.None);
        await runs.AppendAsync(new SyncSummary(MasterDataKind.Projects, source, 2, 0, 0, 0, Now), CancellationToken.None);
        await runs.AppendAsync(new SyncSummary(MasterDataKind.Projects, source, 3, 0, 0, 0, Now.AddHours(-1)), CancellationToken.None);

        var latest = await runs.ReadLatestAsync(MasterDataKind.Projects, 2, CancellationToken.None);

        Assert.Equal([2, 3], latest.Select(r => r.Added));
        Assert.Equal(Now, latest[0].At);
    }
}
