using System.Text;
using System.Text.Json;
using FinanceFlow.Connectors.Concur;
using static FinanceFlow.Connectors.Tests.Concur.ConcurTestDocuments;

namespace FinanceFlow.Connectors.Tests.Concur;

/// <summary>
/// The one-pass reader reads real documents to the same fields as the general path (bounds check, then the serializer), and leaves every
/// body that breaks a bound or surprises it to the general path, so the answer to a faulty body is the general path's.
/// </summary>
public sealed class ConcurBoundedReaderTests
{
    public static TheoryData<string> Documents() =>
        [.. AllReferenceDocuments().Where(p => !p.EndsWith("invoice.json", StringComparison.Ordinal))
            .Concat(Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Concur", "Documents"), "*.json"))];

    [Theory]
    [MemberData(nameof(Documents))]
    public void TryRead_RealDocument_ReadsWhatTheGeneralPathReads(string path)
    {
        var body = File.ReadAllBytes(path);

        Assert.True(ConcurBoundedReader.TryRead(body, out var payload));
        Assert.Equal(General(body), Json(payload));
        Assert.Equal(Json(ConcurDocumentParser.ParseGeneral(body)), Json(ConcurDocumentParser.Parse(body)));
    }

    [Fact]
    public void TryRead_EveryFieldSet_ReadsEachIntoItsOwnPlace()
    {
        // Each property of every type the serializer fills, under its camel-case name, with a value no other field has.
        var counter = 0;
        var body = new Dictionary<string, object?>(Members(typeof(ConcurEnvelopeJson), ref counter))
        {
            ["document"] = Members(typeof(ConcurBodyJson), ref counter),
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?> { ["fIDocuments"] = new[] { body }, ["content"] = null });

        Assert.True(ConcurBoundedReader.TryRead(bytes, out var payload));
        Assert.Equal(General(bytes), Json(payload));
        Assert.Contains("\"allocationCustom20Code\":\"v", Json(payload), StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_ConcurQuirks_ReadAsTheLenientReadersReadThem()
    {
        // Quoted and exponent amounts, "" as no amount, +0000 and bare dates, numbers and booleans where strings are documented,
        // taxGuid as one string, escaped text, null blocks, members no field reads (nested ones included).
        var body = Encoding.UTF8.GetBytes("""
            { "id": 42, "docType": " Expense ", "companyId": true, "document": {
              "employee": { "employeeId": 12345, "employeeFirstName": "K\u00efm \"K\"", "employeeMI": null, "extra": { "a": [1, "b", {}] } },
              "report": { "reportId": "R1", "employeeCurrencyAlphaCode": "usd", "totalApprovedAmount": " 42.50 ", "cashAdvanceReturnsAmount": "",
                          "reportSubmitDate": "2024-07-01T10:15:00.000+0000", "reportStartDate": "2024-07-01", "reportEndDate": "",
                          "revisionNumber": 3, "isTest": false },
              "expenseEntry": [ { "entryId": 17, "expenseTypeCode": "TAXIX", "entryApprovedAmount": 4.25E+1, "entryExchangeRate": 0E-8,
                "entryDate": "2024-06-30T00:00:00-0500", "allocation": [ { "allocationPercentage": "1e2", "allocationCustom7Code": 7,
                  "journal": [ { "journalPayer": "COMP", "journalPayee": "EMPL", "amountGross": 42.5, "taxGuid": "T1" },
                               { "journalPayer": "COMP", "journalPayee": "EMPL", "amountGross": 0, "taxGuid": ["T2", 3] } ],
                  "tax": [ { "taxGuid": "T1", "amountTax": "1.5", "amountReclaim": null } ] } ] } ],
              "cashAdvanceApplication": [ { "cashAdvanceId": "CA", "cashAdvanceApplicationAmount": -10 } ],
              "cashAdvanceData": null, "journalData": [], "employeeData": null
            } }
            """);

        Assert.True(ConcurBoundedReader.TryRead(body, out var payload));
        Assert.Equal(General(body), Json(payload));
        Assert.Equal(Json(ConcurDocumentParser.ParseGeneral(body)), Json(ConcurDocumentParser.Parse(body)));
    }

    [Fact]
    public void TryRead_ByteOrderMark_LeftToTheGeneralPath()
    {
        // BoundedJson allows one leading BOM, but the serializer behind it refuses one; a document with one stays refused as before.
        var body = (byte[])[0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(Example("2.1"))];

        Assert.False(ConcurBoundedReader.TryRead(body, out _));
        Assert.Equal(Json(ConcurDocumentParser.ParseGeneral(body)), Json(ConcurDocumentParser.Parse(body)));
    }

    [Theory]
    [InlineData("\"reportId\": \"F071FADEA6B142DD884A\",", "\"reportId\": \"A\", \"reportId\": \"B\",", "/fIDocuments/0/document/report/reportId")]
    [InlineData("\"reportId\": \"F071FADEA6B142DD884A\",", "\"odd\": 1, \"odd\": 2, \"reportId\": \"F071FADEA6B142DD884A\",", "/fIDocuments/0/document/report/odd")]
    [InlineData("\"reportId\": \"F071FADEA6B142DD884A\",", "\"extra\": { \"a\": { \"x\": 1, \"x\": 1 } }, \"reportId\": \"F071FADEA6B142DD884A\",", "/fIDocuments/0/document/report/extra/a/x")]
    [InlineData("\"reportId\": \"F071FADEA6B142DD884A\",", "\"extra\": \"\\ud800\", \"reportId\": \"F071FADEA6B142DD884A\",", "/fIDocuments/0/document/report/extra")]
    [InlineData("\"reportId\": \"F071FADEA6B142DD884A\",", "\"extra\": 1e30, \"reportId\": \"F071FADEA6B142DD884A\",", "/fIDocuments/0/document/report/extra")]
    [InlineData("\"reportId\": \"F071FADEA6B142DD884A\",", "\"extra\": [1, null], \"reportId\": \"F071FADEA6B142DD884A\",", "/fIDocuments/0/document/report/extra/1")]
    [InlineData("\"entryApprovedAmount\": 10,", "\"entryApprovedAmount\": { \"value\": 10 },", "/fIDocuments/0/document/expenseEntry/0/entryApprovedAmount")]
    [InlineData("\"entryApprovedAmount\": 10,", "\"entryApprovedAmount\": \"ten\",", "/fIDocuments/0/document/expenseEntry/0/entryApprovedAmount")]
    [InlineData("\"reportSubmitDate\": \"2019-06-05T22:35:04.353Z\",", "\"reportSubmitDate\": \"yesterday\",", "/fIDocuments/0/document/report/reportSubmitDate")]
    [InlineData("\"allocation\": [", "\"allocation\": [ \"all of it\", ", "/fIDocuments/0/document/expenseEntry/0/allocation/0")]
    public void Parse_HostileOrWrongValue_LeftToTheGeneralPathWhichNamesTheField(string from, string to, string pointer)
    {
        var text = File.ReadAllText(Example("2.1"));
        Assert.Contains(from, text, StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal));

        var result = ConcurDocumentParser.Parse(body);

        Assert.False(ConcurBoundedReader.TryRead(body, out _));
        Assert.Null(result.Document);
        Assert.Equal(pointer, result.Errors[0].Pointer);
    }

    [Theory]
    [InlineData(65, false)]
    [InlineData(40, true)]
    public void TryRead_DeepUnreadMember_HeldToTheDepthBound(int depth, bool valid)
    {
        var body = WithExtraMember("\"extra\": " + new string('[', depth) + new string(']', depth));

        var result = ConcurDocumentParser.Parse(body);

        Assert.Equal(valid, ConcurBoundedReader.TryRead(body, out _));
        Assert.Equal(valid, result.IsValid);
        Assert.Equal(valid ? [] : ["nests deeper than 64 levels"], result.Errors.Select(e => e.Message));
    }

    [Fact]
    public void TryRead_LongNameManyItemsBadUtf8_LeftToTheGeneralPath()
    {
        var longName = WithExtraMember($"\"{new string('n', 257)}\": 1");
        var manyItems = WithExtraMember("\"extra\": [" + string.Join(',', Enumerable.Repeat("0", 10_001)) + "]");
        var badUtf8 = WithExtraMember("\"extra\": \"caf\u00e9\"");
        badUtf8[Array.IndexOf(badUtf8, (byte)0xC3)] = 0xFF;

        foreach (var (body, message) in new[] { (longName, "names are at most 256"), (manyItems, "at most 10000"), (badUtf8, "is not valid text") })
        {
            Assert.False(ConcurBoundedReader.TryRead(body, out _));
            Assert.Contains(ConcurDocumentParser.Parse(body).Errors, e => e.Message.Contains(message, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("\"reportId\": \"F071FADEA6B142DD884A\",", "\"ReportId\": \"R-OTHER-CASE\",")]
    [InlineData("\"reportId\": \"F071FADEA6B142DD884A\",", "\"report\\u0049d\": \"R-ESCAPED\",")]
    [InlineData("\"document\": {", "\"document\": { \"requestHeader\": null,")]
    [InlineData("\"document\": {", "\"document\": { \"reqUESTHeader\": {},")]
    public void TryRead_NameTheSerializerMatchesOtherwise_LeftToTheGeneralPath(string from, string to)
    {
        var text = File.ReadAllText(Example("2.1"));
        Assert.Contains(from, text, StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal));

        Assert.False(ConcurBoundedReader.TryRead(body, out _));
        Assert.Equal(Json(ConcurDocumentParser.ParseGeneral(body)), Json(ConcurDocumentParser.Parse(body)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{} {}")]
    [InlineData("{ \"report\": { } ")]
    [InlineData("{ \"report\": {}, }")]
    [InlineData("{ /* note */ \"report\": {} }")]
    public void TryRead_NotOneObject_LeftToTheGeneralPath(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);

        Assert.False(ConcurBoundedReader.TryRead(body, out _));
        Assert.NotEmpty(ConcurDocumentParser.Parse(body).Errors);
    }

    [Fact]
    public void TryRead_Utf16Body_LeftToTheGeneralPath()
    {
        var body = Encoding.Unicode.GetBytes(File.ReadAllText(Example("2.1")));

        Assert.False(ConcurBoundedReader.TryRead(body, out _));
        Assert.Contains("is not UTF-8", ConcurDocumentParser.Parse(body).Errors[0].Message, StringComparison.Ordinal);
    }

    private static byte[] WithExtraMember(string member) =>
        Encoding.UTF8.GetBytes(File.ReadAllText(Example("2.1")).Replace("\"reportId\": \"F071FADEA6B142DD884A\",", $"{member}, \"reportId\": \"F071FADEA6B142DD884A\",", StringComparison.Ordinal));

    private static string General(byte[] body) => Json(JsonSerializer.Deserialize<ConcurPayloadJson>(body, ConcurJson.Options));

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, ConcurJson.Options);

    // One value per settable property; lists hold one item.
    private static Dictionary<string, object?> Members(Type type, ref int counter)
    {
        var members = new Dictionary<string, object?>();
        foreach (var property in type.GetProperties().Where(p => p.CanWrite && p.PropertyType != typeof(JsonElement?) && p.Name is not ("Document" or "FIDocuments" or "Content")))
        {
            var n = ++counter;
            var kind = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var item = kind.IsGenericType ? kind.GetGenericArguments()[0] : null;
            members[JsonNamingPolicy.CamelCase.ConvertName(property.Name)] =
                kind == typeof(string) ? $"v{n}"
                : kind == typeof(decimal) ? n + 0.25m
                : kind == typeof(DateTimeOffset) ? new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(n)
                : item == typeof(string) ? new[] { $"g{n}" }
                : item is not null ? new[] { Members(item, ref counter) }
                : Members(kind, ref counter);
        }

        return members;
    }
}
