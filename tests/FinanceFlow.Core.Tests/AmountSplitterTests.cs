using FinanceFlow.Core.Posting;

namespace FinanceFlow.Core.Tests;

public class AmountSplitterTests
{
    [Fact]
    public void Split_ThirdsOfTen_PutsTheSpareCentOnTheLargestShare()
    {
        var parts = AmountSplitter.Split(10.00m, [33.33m, 33.33m, 33.34m], 2);

        Assert.Equal([3.33m, 3.33m, 3.34m], parts);
    }

    [Fact]
    public void Split_EqualWeights_PutsTheRemainderOnTheFirst()
    {
        var parts = AmountSplitter.Split(100.00m, [1m, 1m, 1m], 2);

        Assert.Equal([33.34m, 33.33m, 33.33m], parts);
    }

    [Theory]
    [InlineData(0.01, 2)]
    [InlineData(99.99, 2)]
    [InlineData(1234.567, 3)]
    [InlineData(7, 0)]
    public void Split_AnyAmount_PartsAddUpExactly(double amountValue, int minorUnits)
    {
        var amount = (decimal)amountValue;

        var parts = AmountSplitter.Split(amount, [17m, 29m, 31m, 23m], minorUnits);

        Assert.Equal(amount, parts.Sum());
        Assert.All(parts, p => Assert.Equal(decimal.Round(p, minorUnits), p));
    }
}
