using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;

namespace FinanceFlow.Core.Tests;

public class ExternalReferenceTests
{
    [Fact]
    public void For_PlainReportId_IsSourceAndIdVerbatim()
    {
        Assert.Equal("FF-CONCUR-R-1001", ExternalReference.For(new ReportKey("concur", "R-1001")));
    }

    [Fact]
    public void For_SameKeyTwice_IsTheSame()
    {
        Assert.Equal(ExternalReference.For(new ReportKey("expensify", "2026/11 #7")), ExternalReference.For(new ReportKey("expensify", "2026/11 #7")));
    }

    [Fact]
    public void For_UnsafeCharacters_AreReplacedAndDisambiguated()
    {
        var slash = ExternalReference.For(new ReportKey("concur", "R/1"));
        var space = ExternalReference.For(new ReportKey("concur", "R 1"));

        Assert.Matches("^FF-CONCUR-R-1-[0-9a-f]{12}$", slash);
        Assert.NotEqual(slash, space);
    }

    [Fact]
    public void For_VeryLongId_IsCutTo100CharactersWithAHash()
    {
        var a = ExternalReference.For(new ReportKey("concur", new string('A', 300)));
        var b = ExternalReference.For(new ReportKey("concur", new string('A', 299) + "B"));

        Assert.Equal(ExternalReference.MaxLength, a.Length);
        Assert.NotEqual(a, b);
        Assert.Matches("^[A-Za-z0-9._-]+$", a);
    }
}
