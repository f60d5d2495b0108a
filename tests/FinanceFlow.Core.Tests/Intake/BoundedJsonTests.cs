using System.Diagnostics;
using System.Text;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.MasterData;

namespace FinanceFlow.Core.Tests.Intake;

/// <summary>The shared reader every inbound JSON body goes through, and the cap on error lists: what the hostile corpus found, pinned down.</summary>
public class BoundedJsonTests
{
    [Theory]
    [InlineData(new byte[] { 0x22, 0x61, 0xC0, 0xAF, 0x22 }, "/name")]
    [InlineData(new byte[] { 0x22, 0xED, 0xA0, 0x80, 0x22 }, "/name")]
    [InlineData(new byte[] { 0x22, 0xFF, 0x22 }, "/name")]
    public void Check_InvalidUtf8InAString_NamesTheField(byte[] value, string pointer)
    {
        var body = Encoding.UTF8.GetBytes("{\"ok\":1,\"name\":").Concat(value).Concat("}"u8.ToArray()).ToArray();

        var error = Assert.Single(BoundedJson.Check(body));

        Assert.Equal(pointer, error.Pointer);
        Assert.Contains("not valid text", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"lines":[{"id":"a"},{"id":"\ud800"}]}""", "/lines/1/id")]
    [InlineData("""{"a":["x","\udc00\ud800"]}""", "/a/1")]
    [InlineData("""["\uDBFF"]""", "/0")]
    public void Check_LoneSurrogateEscape_NamesTheField(string json, string pointer)
    {
        var error = Assert.Single(BoundedJson.Check(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(pointer, error.Pointer);
    }

    [Fact]
    public void Check_MemberGivenTwice_NamesIt()
    {
        var error = Assert.Single(BoundedJson.Check("""{"lines":[{"grossAmount":1,"grossAmount":{}}]}"""u8.ToArray()));

        Assert.Equal("/lines/0/grossAmount", error.Pointer);
        Assert.Contains("more than once", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, 1, "/k1")]
    [InlineData(40, 37, "/k37")]
    [InlineData(5000, 4321, "/k4321")]
    public void Check_MemberGivenTwiceAmongMany_NamesItWhereverItIs(int members, int repeated, string pointer)
    {
        var names = Enumerable.Range(0, members).Select(i => $"\"k{i}\":{i}").Append($"\"k{repeated}\":0");
        var body = Encoding.UTF8.GetBytes("{" + string.Join(",", names) + "}");

        var error = Assert.Single(BoundedJson.Check(body));

        Assert.Equal(pointer, error.Pointer);
        Assert.Contains("more than once", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"a":1,"\u0061":2}""", "/a")]
    [InlineData("""{"x/y":1,"x\/y":2}""", "/x~1y")]
    [InlineData("""{"id":1,"child":{"id":2,"other":3},"id":4}""", "/id")]
    [InlineData("""{"lines":[{"id":1},{"id":2,"id":3}]}""", "/lines/1/id")]
    public void Check_SameNameSpelledTwoWaysOrAfterANestedObject_IsADuplicate(string json, string pointer)
    {
        var error = Assert.Single(BoundedJson.Check(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(pointer, error.Pointer);
    }

    [Fact]
    public void Check_SameNameInSiblingObjects_IsNoDuplicate()
    {
        var items = Enumerable.Range(0, 50).Select(i => "{" + string.Join(",", Enumerable.Range(0, 30).Select(k => $"\"f{k}\":{i}")) + "}");

        Assert.Empty(BoundedJson.Check(Encoding.UTF8.GetBytes("[" + string.Join(",", items) + "]")));
    }

    [Fact]
    public void Check_BodyAfterABrokenOne_IsReadAfresh()
    {
        Assert.NotEmpty(BoundedJson.Check("""{"a":{"b":[1,{"c":"""u8.ToArray()));

        Assert.Empty(BoundedJson.Check("""{"a":{"b":[1,{"c":2}]},"c":3}"""u8.ToArray()));
        var error = Assert.Single(BoundedJson.Check("""{"z":[{"q":1,"q":2}]}"""u8.ToArray()));
        Assert.Equal("/z/0/q", error.Pointer);
    }

    [Theory]
    [InlineData(65, "nests deeper than 64 levels")]
    [InlineData(100_000, "nests deeper than 64 levels")]
    public void Check_DeepNesting_IsRefusedCheaply(int depth, string expected)
    {
        var body = Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth));

        var error = Assert.Single(BoundedJson.Check(body));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LongMemberName_IsRefused()
    {
        var body = Encoding.UTF8.GetBytes("{\"" + new string('n', 70_000) + "\":1}");

        var error = Assert.Single(BoundedJson.Check(body));

        Assert.Equal("", error.Pointer);
        Assert.Contains("70000 characters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00 })]
    [InlineData(new byte[] { 0x7B, 0x00, 0x7D, 0x00 })]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, 0x7B, 0x7D })]
    public void Parse_Utf16OrTwoByteOrderMarks_IsAnErrorNotAnException(byte[] body)
    {
        Assert.Null(BoundedJson.Parse(body, out var errors));

        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Parse_OneByteOrderMark_IsRead()
    {
        using var document = BoundedJson.Parse(new byte[] { 0xEF, 0xBB, 0xBF, 0x7B, 0x7D }, out var errors);

        Assert.NotNull(document);
        Assert.Empty(errors);
    }

    [Fact]
    public void CanonicalParser_NineHundredUnknownMembers_ListsTheFirstHundredAndCountsTheRestQuickly()
    {
        var members = string.Join(",", Enumerable.Range(0, 900).Select(i => $"\"k{i}\":[]"));
        var clock = Stopwatch.StartNew();

        var result = CanonicalReportParser.Parse(Encoding.UTF8.GetBytes("{" + members + "}"), "canonical");

        clock.Stop();
        Assert.Equal(FieldErrors.MaxListed + 1, result.Errors.Count);
        Assert.Equal("", result.Errors[^1].Pointer);
        Assert.Matches("^and [0-9]+ more errors not listed", result.Errors[^1].Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void MappingRequest_TextLongerThanAStorageKeyHolds_IsRefusedNamingTheField()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"rules":[{"entity":"US01","source":"{{new string('/', 300)}}","target":"expenses:x","effectiveFrom":"2026-01-01"}]}""");

        var result = MappingRequest.Parse(MappingKind.ExpenseTypes, body);

        var error = Assert.Single(result.Errors);
        Assert.Equal("/rules/0/source", error.Pointer);
    }

    [Fact]
    public void MasterDataImport_RecordStorageCannotHold_IsRefusedAndErrorsAreCapped()
    {
        var oversized = $$"""[{"entity":"US01","code":"CC1","name":"{{new string('x', 70_000)}}"}]""";
        var manyBad = "[" + string.Join(",", Enumerable.Repeat("1", 5_000)) + "]";

        var tooBig = MasterDataImport.ParseJson(MasterDataKind.CostCenters, Encoding.UTF8.GetBytes(oversized));
        var capped = MasterDataImport.ParseJson(MasterDataKind.CostCenters, Encoding.UTF8.GetBytes(manyBad));

        Assert.Empty(tooBig.Records);
        Assert.Contains(tooBig.Errors, e => e.Detail.Contains("characters of text", StringComparison.Ordinal));
        Assert.Equal(FieldErrors.MaxListed + 1, capped.Errors.Count);
        Assert.Equal(5_000, capped.RejectedRows);
    }

    [Fact]
    public void MasterDataImport_MoreRecordsThanAnImportTakes_IsOneErrorAndNoRecord()
    {
        var csv = "entity,code\n" + string.Concat(Enumerable.Repeat("US01,CC1\n", 11));

        var result = MasterDataImport.ParseCsv(MasterDataKind.CostCenters, csv, maxRows: 10);

        var error = Assert.Single(result.Errors);
        Assert.Contains("holds 11 records; an import takes at most 10", error.Detail, StringComparison.Ordinal);
        Assert.Empty(result.Records);
    }

    [Theory]
    [InlineData("""{"amount":123456789012345678901234567890}""", "/amount")]
    [InlineData("""{"a":[1,1e308]}""", "/a/1")]
    public void Check_NumberBeyondDecimal_NamesTheField(string json, string pointer)
    {
        var error = Assert.Single(BoundedJson.Check(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(pointer, error.Pointer);
        Assert.Contains("cannot hold exactly", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MoreMembersThanAllowed_IsOneErrorAtTheObject()
    {
        var body = "{\"line\":{" + string.Join(",", Enumerable.Range(0, 20).Select(i => $"\"k{i}\":1")) + "}}";

        var error = Assert.Single(BoundedJson.Check(Encoding.UTF8.GetBytes(body), maxItems: 10));

        Assert.Equal(new FieldError("/line", "has 20 members; at most 10"), error);
    }

    [Fact]
    public void Check_NullItemWhereListsHoldObjects_NamesIt()
    {
        var body = """{"expenseEntry":[{},null]}"""u8.ToArray();

        Assert.Empty(BoundedJson.Check(body));
        Assert.Equal(new FieldError("/expenseEntry/1", "is null; the list holds objects"), Assert.Single(BoundedJson.Check(body, nullItems: false)));
    }
}
