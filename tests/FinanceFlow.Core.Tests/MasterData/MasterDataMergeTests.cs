using FinanceFlow.Core.MasterData;

namespace FinanceFlow.Core.Tests.MasterData;

public sealed class MasterDataMergeTests
{
    private static readonly DateTimeOffset Before = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Apply_ReplaceMode_CountsEachOutcomeAndDeactivatesOnlyItsOwnMissingRecords()
    {
        var existing = new MasterRecord[]
        {
            Center("CC-1", "Sales", "import"),
            Center("CC-2", "Ops", "import"),
            Center("CC-3", "Old", "import"),
            Center("CC-4", "Retired", "import") with { Active = false },
            Center("CC-9", "Theirs", "hledger"),
        };
        var incoming = new MasterRecord[] { Center("CC-1", "Sales", "x"), Center("CC-2", "Operations", "x"), Center("CC-5", "New", "x") };

        var result = MasterDataMerge.Apply(MasterDataKind.CostCenters, existing, incoming, "import", SyncMode.Replace, Now);

        Assert.Equal(new SyncSummary(MasterDataKind.CostCenters, "import", 1, 1, 1, 1, Now), result.Summary);
        var deactivated = Assert.Single(result.ToWrite, r => !r.Active);
        Assert.Equal("DE01|CC-3", deactivated.Key);
        Assert.All(result.ToWrite, r => Assert.Equal(Now, r.LastSyncedAt));
        Assert.DoesNotContain(result.ToWrite, r => r.Key.EndsWith("CC-9", StringComparison.Ordinal) || r.Key.EndsWith("CC-4", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_MergeMode_DeactivatesNothing()
    {
        var existing = new MasterRecord[] { Center("CC-1", "Sales", "import") };

        var result = MasterDataMerge.Apply(MasterDataKind.CostCenters, existing, [Center("CC-2", "New", "import")], "import", SyncMode.Merge, Now);

        Assert.Equal((1, 0), (result.Summary.Added, result.Summary.Deactivated));
        Assert.Single(result.ToWrite);
    }

    [Fact]
    public void Apply_SameListsOnlyLastSyncedDiffers_IsUnchanged()
    {
        var existing = new MasterRecord[] { new CurrencyRecord { Code = "EUR", Entities = ["DE01", "FR01"], LastSyncedAt = Before } };
        var incoming = new MasterRecord[] { new CurrencyRecord { Code = "EUR", Entities = ["DE01", "FR01"] } };

        var result = MasterDataMerge.Apply(MasterDataKind.Currencies, existing, incoming, "import", SyncMode.Replace, Now);

        Assert.Equal((0, 0, 1), (result.Summary.Added, result.Summary.Changed, result.Summary.Unchanged));
    }

    [Fact]
    public void DefaultMode_FxRatesMergeOthersReplace()
    {
        Assert.Equal(SyncMode.Merge, MasterDataMerge.DefaultMode(MasterDataKind.FxRates));
        Assert.Equal(SyncMode.Replace, MasterDataMerge.DefaultMode(MasterDataKind.Employees));
    }

    private static CostCenter Center(string code, string name, string source) =>
        new() { Entity = "DE01", Code = code, Name = name, SourceSystem = source, LastSyncedAt = Before };
}
