using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Infrastructure.Mappings;
using FinanceFlow.Infrastructure.MasterData;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.MasterData;
using Moq;

namespace FinanceFlow.Workflows.Tests.MasterData;

public sealed class CachedMasterDataSourceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GetMasterDataAsync_WithinCacheTime_LoadsOnceUntilExpiryOrInvalidate()
    {
        var store = new Mock<IMasterDataStore>();
        var loads = 0;
        store.Setup(s => s.LoadAllAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new MasterDataSet { LegalEntities = [new LegalEntity { Code = $"DE{++loads}", FunctionalCurrency = "EUR", Ledger = "de" }] });
        var time = new FixedTime(Now);
        using var source = new CachedMasterDataSource(store.Object, Mock.Of<IMappingStore>(), new StaticOptions<MasterDataOptions>(new MasterDataOptions()), time);

        var first = await source.GetMasterDataAsync(CancellationToken.None);
        time.Now = Now.AddSeconds(29);
        var cached = await source.GetMasterDataAsync(CancellationToken.None);
        time.Now = Now.AddSeconds(31);
        var expired = await source.GetMasterDataAsync(CancellationToken.None);
        source.Invalidate();
        var invalidated = await source.GetMasterDataAsync(CancellationToken.None);

        Assert.Same(first, cached);
        Assert.NotNull(expired.FindEntity("DE2"));
        Assert.NotNull(invalidated.FindEntity("DE3"));
    }

    [Fact]
    public async Task GetMappingsAsync_ResolvesFromTheStoredRules()
    {
        var mappings = new Mock<IMappingStore>();
        mappings.Setup(s => s.LoadAllAsync(It.IsAny<CancellationToken>())).ReturnsAsync(
            [new MappingRule { Kind = MappingKind.ExpenseTypes, Entity = "DE01", Source = "Taxi", Target = "expenses:travel", EffectiveFrom = new DateOnly(2026, 1, 1) }]);
        using var source = new CachedMasterDataSource(Mock.Of<IMasterDataStore>(), mappings.Object, new StaticOptions<MasterDataOptions>(new MasterDataOptions()), new FixedTime(Now));

        var snapshot = await source.GetMappingsAsync(CancellationToken.None);

        Assert.Equal("expenses:travel", snapshot.Resolve(MappingKind.ExpenseTypes, "DE01", "taxi", new DateOnly(2026, 6, 1))?.Target);
    }
}
