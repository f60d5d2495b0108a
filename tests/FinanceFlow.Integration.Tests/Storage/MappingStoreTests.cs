using Azure.Data.Tables;
using FinanceFlow.Core.Mappings;
using FinanceFlow.Infrastructure.Mappings;
using FinanceFlow.Testing;

namespace FinanceFlow.Integration.Tests.Storage;

[Trait("Category", "Integration")]
public sealed class MappingStoreTests(AzuriteProcess azurite) : IClassFixture<AzuriteProcess>
{
    [Fact]
    public async Task SaveAsync_TwoSavesFromTheSameRead_SecondIsAConflictAndWritesNothing()
    {
        // Arrange: each test uses its own kind's partition only through fresh entities, so the version is read first.
        var store = new TableMappingStore(new TableServiceClient(azurite.ConnectionString));
        var entity = "E" + Guid.NewGuid().ToString("N")[..6];
        var read = await store.LoadAsync(MappingKind.CostObjects, CancellationToken.None);

        // Act
        await store.SaveAsync(read, [Rule(entity, "cost-center:1", "CC-1", read.Version + 1)], read.Version + 1, CancellationToken.None);
        var conflict = await Assert.ThrowsAsync<MappingVersionConflictException>(
            () => store.SaveAsync(read, [Rule(entity, "cost-center:2", "CC-2", read.Version + 1)], read.Version + 1, CancellationToken.None));
        var after = await store.LoadAsync(MappingKind.CostObjects, CancellationToken.None);

        // Assert
        Assert.Equal(read.Version, conflict.ExpectedVersion);
        Assert.Equal(read.Version + 1, after.Version);
        var saved = Assert.Single(after.Rules, r => r.Entity == entity);
        Assert.Equal(("CC-1", read.Version + 1, "alice"), (saved.Target, saved.Version, saved.ChangedBy));
    }

    [Fact]
    public async Task SaveAsync_150Rules_AllSavedAndLoadAllSeesThem()
    {
        var store = new TableMappingStore(new TableServiceClient(azurite.ConnectionString));
        var entity = "E" + Guid.NewGuid().ToString("N")[..6];
        var read = await store.LoadAsync(MappingKind.ExpenseTypes, CancellationToken.None);
        var rules = Enumerable.Range(0, 150).Select(i => Rule(entity, $"Type/{i}", "expenses:x", read.Version + 1) with { Kind = MappingKind.ExpenseTypes }).ToList();

        await store.SaveAsync(read, rules, read.Version + 1, CancellationToken.None);
        var all = await store.LoadAllAsync(CancellationToken.None);

        Assert.Equal(150, all.Count(r => r.Entity == entity && r.Kind == MappingKind.ExpenseTypes));
        Assert.Equal(read.Version + 1, (await store.LoadAsync(MappingKind.ExpenseTypes, CancellationToken.None)).Version);
    }

    private static MappingRule Rule(string entity, string source, string target, int version) => new()
    {
        Kind = MappingKind.CostObjects,
        Entity = entity,
        Source = source,
        Target = target,
        EffectiveFrom = new DateOnly(2026, 1, 1),
        Version = version,
        ChangedBy = "alice",
        ChangedAt = DateTimeOffset.UtcNow,
    };
}
