using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;

namespace FinanceFlow.Core.Tests;

public class ExternalReferenceTests
{
    [Theory]
    [InlineData("concur", "R-1001", "FF-CONCUR-R-1001")]
    [InlineData("expensify", "R123", "FF-EXPENSIFY-R123")]
    [InlineData("canonical", "R-2026-1115", "FF-CANONICAL-R-2026-1115")]
    [InlineData("canonical", "R_7", "FF-CANONICAL-R_7")]
    public void For_PlainReportId_IsSourceAndIdVerbatimAsBefore(string source, string reportId, string expected)
    {
        Assert.Equal(expected, ExternalReference.For(new ReportKey(source, reportId)));
        Assert.Null(ExternalReference.PreviousFor(new ReportKey(source, reportId)));
    }

    [Fact]
    public void For_SameKeyTwice_IsTheSame()
    {
        Assert.Equal(ExternalReference.For(new ReportKey("expensify", "2026/11 #7")), ExternalReference.For(new ReportKey("expensify", "2026/11 #7")));
    }

    [Fact]
    public void For_UnsafeCharacters_AreReplacedAndDisambiguatedAsBefore()
    {
        var slash = ExternalReference.For(new ReportKey("concur", "R/1"));
        var space = ExternalReference.For(new ReportKey("concur", "R 1"));

        Assert.Matches("^FF-CONCUR-R-1-[0-9a-f]{12}$", slash);
        Assert.NotEqual(slash, space);
        Assert.Null(ExternalReference.PreviousFor(new ReportKey("concur", "R/1")));
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

    [Fact]
    public void ForEntity_ReportR1EntityDE01_IsNotReportR1DashDE01NorR1DotDE01()
    {
        var entity = ExternalReference.ForEntity(new ReportKey("src", "R1"), "DE01");
        var dashed = ExternalReference.For(new ReportKey("src", "R1-DE01"));
        var dotted = ExternalReference.For(new ReportKey("src", "R1.DE01"));

        Assert.Equal("FF-SRC-R1.DE01", entity);
        Assert.Equal("FF-SRC-R1-DE01", dashed);
        Assert.Matches("^FF-SRC-R1.DE01-[0-9a-f]{12}$", dotted);
        Assert.Equal(3, new[] { entity, dashed, dotted }.Distinct().Count());
    }

    [Fact]
    public void ForEntity_ReferenceOfBeforeIssue11_IsNamedAsThePreviousOne()
    {
        Assert.Equal("FF-CANONICAL-R-1001-DE01", ExternalReference.PreviousForEntity(new ReportKey("canonical", "R-1001"), "DE01"));
        Assert.Equal("FF-CANONICAL-R.1", ExternalReference.PreviousFor(new ReportKey("canonical", "R.1")));
    }

    [Fact]
    public void ForEntity_DotsInTheIdOrEntity_GetAHashAndStayApart()
    {
        var a = ExternalReference.ForEntity(new ReportKey("src", "R1.X"), "DE01");
        var b = ExternalReference.ForEntity(new ReportKey("src", "R1"), "X.DE01");

        Assert.NotEqual(a, b);
        Assert.All(new[] { a, b }, r => Assert.Matches("^[A-Za-z0-9._-]{1,100}$", r));
    }

    [Fact]
    public void For_IdThatLooksLikeAHashedReference_GetsItsOwnHash()
    {
        // "R/1" becomes FF-CONCUR-R-1-{hash}; a report whose id is literally that must not share it.
        var hashed = ExternalReference.For(new ReportKey("concur", "R/1"));
        var lookalike = ExternalReference.For(new ReportKey("concur", hashed["FF-CONCUR-".Length..]));

        Assert.NotEqual(hashed, lookalike);
    }

    [Fact]
    public void ForCardBatch_PlainEntity_KeepsItsShape()
    {
        Assert.Equal("FF-CARDS-US01-AMEX-2026-11-25", ExternalReference.ForCardBatch("US01", "AMEX-2026-11-25"));
        Assert.Null(ExternalReference.PreviousForCardBatch("US01", "AMEX-2026-11-25"));
    }

    [Fact]
    public void ForCardBatch_EntityWithADash_IsNotAnotherEntitysBatch()
    {
        var dashedEntity = ExternalReference.ForCardBatch("US-01", "B-1");
        var dashedBatch = ExternalReference.ForCardBatch("US", "01-B-1");

        Assert.NotEqual(dashedEntity, dashedBatch);
        Assert.Equal("FF-CARDS-US-01-B-1", dashedBatch);
        Assert.Matches("^FF-CARDS-US-01-B-1-[0-9a-f]{12}$", dashedEntity);
        Assert.Equal("FF-CARDS-US-01-B-1", ExternalReference.PreviousForCardBatch("US-01", "B-1"));
    }

    [Fact]
    public void ForCardBatch_IsNeverAReportOfASourceNamedCards()
    {
        Assert.NotEqual(ExternalReference.ForCardBatch("US01", "B-1"), ExternalReference.For(new ReportKey("cards", "US01-B-1")));
    }

    [Fact]
    public void AllForms_LongestInputs_StayWithin100SafeCharacters()
    {
        var references = new[]
        {
            ExternalReference.For(new ReportKey("expensify", new string('9', 64))),
            ExternalReference.ForEntity(new ReportKey("concur", new string('A', 120)), "DE01"),
            ExternalReference.ForCardBatch(new string('E', 32), new string('b', 64)),
            ExternalReference.ForEntity(new ReportKey("concur", "r ü/\n"), "D E"),
        };

        Assert.All(references, r => Assert.Matches("^[A-Za-z0-9._-]{1,100}$", r));
    }
}
