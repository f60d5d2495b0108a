using FinanceFlow.Core.Configuration;

namespace FinanceFlow.Core.Tests;

public sealed class SettingsValidationTests
{
    [Fact]
    public void Failures_Defaults_None()
    {
        Assert.Empty(SettingsValidation.Failures(new FinanceFlowOptions(), FinanceFlowOptions.SectionName));
    }

    [Fact]
    public void Failures_NestedRangeBroken_NamesTheSettingByItsKey()
    {
        var options = new FinanceFlowOptions { PostingRetry = new PostingRetrySettings { MaxAttempts = 0, BackoffCoefficient = 50 } };

        var failures = SettingsValidation.Failures(options, FinanceFlowOptions.SectionName);

        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("FinanceFlow:PostingRetry:MaxAttempts: ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("FinanceFlow:PostingRetry:BackoffCoefficient: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Failures_ListItemAndDictionaryValue_NamedByIndexAndKey()
    {
        var options = new Section
        {
            Items = [new Item { Limit = 1 }, new Item { Limit = 0 }],
            ByName = new(StringComparer.Ordinal) { ["alpha"] = new Item { Limit = 1 }, ["beta"] = new Item { Limit = 99 } },
        };

        var failures = SettingsValidation.Failures(options, "Outer");

        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Outer:Items:1:Limit: ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Outer:ByName:beta:Limit: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Failures_PolicyThresholdNegative_NamesIt()
    {
        var failures = SettingsValidation.Failures(new FinanceFlowOptions { Policy = new PolicySettings { ReceiptRequiredAbove = -1 } }, FinanceFlowOptions.SectionName);

        Assert.StartsWith("FinanceFlow:Policy:ReceiptRequiredAbove: ", Assert.Single(failures), StringComparison.Ordinal);
    }

    private sealed class Section
    {
        public List<Item> Items { get; init; } = [];

        public Dictionary<string, Item> ByName { get; init; } = [];
    }

    private sealed class Item
    {
        [System.ComponentModel.DataAnnotations.Range(1, 10)]
        public int Limit { get; init; }
    }
}
