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
        var first = await ProposeAsync(store, MappingKind.CostObjects, read.Version);
        var second = await ProposeAsync(store, MappingKind.CostObjects, read.Version);
        await store.SaveAsync(read, [Rule(entity, "cost-center:1", "CC-1", read.Version + 1)], read.Version + 1, Approved(first), CancellationToken.None);
        var conflict = await Assert.ThrowsAsync<MappingVersionConflictException>(
            () => store.SaveAsync(read, [Rule(entity, "cost-center:2", "CC-2", read.Version + 1)], read.Version + 1, Approved(second), CancellationToken.None));
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

        var proposal = await ProposeAsync(store, MappingKind.ExpenseTypes, read.Version, rules);

        await store.SaveAsync(read, rules, read.Version + 1, Approved(proposal), CancellationToken.None);
        var all = await store.LoadAllAsync(CancellationToken.None);

        Assert.Equal(150, all.Count(r => r.Entity == entity && r.Kind == MappingKind.ExpenseTypes));
        Assert.Equal(read.Version + 1, (await store.LoadAsync(MappingKind.ExpenseTypes, CancellationToken.None)).Version);
        Assert.Equal(MappingProposalStatus.Approved, (await store.GetProposalAsync(MappingKind.ExpenseTypes, proposal.Proposal.Id, CancellationToken.None))!.Proposal.Status);
    }

    [Fact]
    public async Task Proposals_ALargeOneRoundTripsAndNeitherLoadNorLoadAllSeesItsRules()
    {
        var store = new TableMappingStore(new TableServiceClient(azurite.ConnectionString));
        var entity = "E" + Guid.NewGuid().ToString("N")[..6];
        var read = await store.LoadAsync(MappingKind.TaxCodes, CancellationToken.None);
        var rules = Enumerable.Range(0, 900).Select(i => Rule(entity, $"Tax-{i}", new string('t', 200), read.Version + 1) with { Kind = MappingKind.TaxCodes }).ToList();

        var stored = await ProposeAsync(store, MappingKind.TaxCodes, read.Version, rules);
        var loaded = await store.GetProposalAsync(MappingKind.TaxCodes, stored.Proposal.Id, CancellationToken.None);
        var listed = await store.ListProposalsAsync(MappingKind.TaxCodes, CancellationToken.None);

        Assert.Equal(900, loaded!.Proposal.Rules.Count);
        Assert.Equal(new string('t', 200), loaded.Proposal.Rules[899].Target);
        Assert.Contains(listed, p => p.Id == stored.Proposal.Id);
        Assert.DoesNotContain((await store.LoadAsync(MappingKind.TaxCodes, CancellationToken.None)).Rules, r => r.Entity == entity);
        Assert.DoesNotContain(await store.LoadAllAsync(CancellationToken.None), r => r.Entity == entity);
    }

    [Fact]
    public async Task AddProposalAsync_MoreThanARowHolds_IsRefusedAsTooLarge()
    {
        var store = new TableMappingStore(new TableServiceClient(azurite.ConnectionString));
        var rules = Enumerable.Range(0, 2000).Select(i => Rule("E1", $"Tax-{i}", new string('t', 300), 1)).ToList();

        await Assert.ThrowsAsync<MappingProposalTooLargeException>(() => ProposeAsync(store, MappingKind.CostObjects, 0, rules));
    }

    private static async Task<StoredMappingProposal> ProposeAsync(TableMappingStore store, MappingKind kind, int baseVersion, IReadOnlyList<MappingRule>? rules = null)
    {
        var proposal = new MappingProposal
        {
            Id = Guid.NewGuid().ToString("N"),
            Kind = kind,
            Status = MappingProposalStatus.Pending,
            BaseVersion = baseVersion,
            Rules = rules ?? [],
            ProposedBy = "alice",
            ProposedAt = DateTimeOffset.UtcNow,
        };
        await store.AddProposalAsync(proposal, CancellationToken.None);
        return (await store.GetProposalAsync(kind, proposal.Id, CancellationToken.None))!;
    }

    private static StoredMappingProposal Approved(StoredMappingProposal stored) =>
        stored with { Proposal = stored.Proposal with { Status = MappingProposalStatus.Approved, DecidedBy = "bob", DecidedAt = DateTimeOffset.UtcNow } };

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
