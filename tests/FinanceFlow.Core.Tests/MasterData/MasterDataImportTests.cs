using System.Text;
using FinanceFlow.Core.MasterData;

namespace FinanceFlow.Core.Tests.MasterData;

public sealed class MasterDataImportTests
{
    [Fact]
    public void ParseCsv_GoodRows_ReadsEveryTypedField()
    {
        var csv = "code,name,functionalCurrency,ledger,postingObject,openPeriods,fxRateMaxAgeDays,roundingAccount\n"
            + "DE01,\"Muster GmbH, Berlin\",eur,de,VendorBill,2026-10;2026-11,5,expenses:rounding\n"
            + "US01,,USD,us,JournalEntry,,,\n"
            + "FR01,,EUR,fr,,,,\n";

        var result = MasterDataImport.ParseCsv(MasterDataKind.LegalEntities, csv);

        Assert.Empty(result.Errors);
        var entities = result.Records.Cast<LegalEntity>().ToList();
        Assert.Equal(3, entities.Count);
        Assert.Null(entities[2].PostingObject); // empty: the ledger's Mode decides
        Assert.Equal("Muster GmbH, Berlin", entities[0].Name);
        Assert.Equal("EUR", entities[0].FunctionalCurrency);
        Assert.Equal(PostingObject.VendorBill, entities[0].PostingObject);
        Assert.Equal(["2026-10", "2026-11"], entities[0].OpenPeriods);
        Assert.Equal(5, entities[0].FxRateMaxAgeDays);
        Assert.Empty(entities[1].OpenPeriods);
        Assert.Equal(7, entities[1].FxRateMaxAgeDays);
    }

    [Fact]
    public void ParseCsv_BadRowOnLine3_NamesLineAndFieldAndKeepsTheGoodRows()
    {
        var csv = "entity,code,rate,deductiblePercent\nDE01,VST19,19,100\nDE01,VST7,7,150\nDE01,VST0,0,abc\n";

        var result = MasterDataImport.ParseCsv(MasterDataKind.TaxCodes, csv);

        Assert.Equal(3, result.Rows);
        Assert.Equal("DE01|VST19", Assert.Single(result.Records).Key);
        Assert.Collection(
            result.Errors,
            e => Assert.Equal((3, "deductiblePercent", "line 3"), (e.Line!.Value, e.Field, e.Location)),
            e => Assert.Equal((4, "deductiblePercent"), (e.Line!.Value, e.Field)));
        Assert.Contains("not a number", result.Errors[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseCsv_QuotedCellWithLineBreak_CountsLinesOfTheFile()
    {
        var csv = "entity,code,name\nDE01,CC-1,\"two\nlines\"\nDE01,,missing code\n";

        var result = MasterDataImport.ParseCsv(MasterDataKind.CostCenters, csv);

        Assert.Equal("two\nlines", ((CostCenter)Assert.Single(result.Records)).Name);
        var error = Assert.Single(result.Errors);
        Assert.Equal((4, "code", "is required"), (error.Line!.Value, error.Field, error.Detail));
    }

    [Fact]
    public void ParseCsv_UnknownColumn_RejectsTheBodyAtTheHeader()
    {
        var result = MasterDataImport.ParseCsv(MasterDataKind.CostCenters, "entity,code,costCentre\nDE01,CC-1,x\n");

        Assert.Empty(result.Records);
        var error = Assert.Single(result.Errors);
        Assert.Equal((1, "costCentre"), (error.Line!.Value, error.Field));
    }

    [Fact]
    public void ParseJson_RecordsObject_PointsAtTheBadFieldOfEachBadRecord()
    {
        var json = """
            {"records":[
              {"from":"EUR","to":"USD","date":"2026-11-25","rate":1.05,"rateSource":"ECB"},
              {"from":"EUR","to":"XYZ","date":"2026-11-25","rate":1.05},
              {"from":"EUR","to":"GBP","date":"25.11.2026","rate":0}
            ]}
            """;

        var result = MasterDataImport.ParseJson(MasterDataKind.FxRates, Encoding.UTF8.GetBytes(json));

        Assert.Equal(1.05m, ((FxRate)Assert.Single(result.Records)).Rate);
        Assert.Equal(["/records/1/to", "/records/2/date"], result.Errors.Select(e => e.Pointer));
        Assert.Contains("unknown currency", result.Errors[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseJson_RateNotPositive_IsAnErrorOnRate()
    {
        var json = """[{"from":"EUR","to":"GBP","date":"2026-11-25","rate":0}]""";

        var result = MasterDataImport.ParseJson(MasterDataKind.FxRates, Encoding.UTF8.GetBytes(json));

        Assert.Equal("/0/rate", Assert.Single(result.Errors).Pointer);
    }

    [Fact]
    public void ParseJson_UnknownEnumAndBadPeriod_NameTheAllowedValues()
    {
        var json = """[{"code":"DE01","functionalCurrency":"EUR","ledger":"de","postingObject":"Invoice","openPeriods":["2026-13"]}]""";

        var result = MasterDataImport.ParseJson(MasterDataKind.LegalEntities, Encoding.UTF8.GetBytes(json));

        Assert.Empty(result.Records);
        var postingObject = Assert.Single(result.Errors);
        Assert.Equal("/0/postingObject", postingObject.Pointer);
        Assert.Contains("JournalEntry, VendorBill", postingObject.Detail, StringComparison.Ordinal);

        var period = MasterDataImport.ParseJson(MasterDataKind.LegalEntities, Encoding.UTF8.GetBytes(json.Replace("Invoice", "VendorBill", StringComparison.Ordinal)));
        Assert.Equal("/0/openPeriods", Assert.Single(period.Errors).Pointer);
    }

    [Fact]
    public void ParseJson_DuplicateKey_RejectsTheSecondRow()
    {
        var json = """[{"entity":"DE01","employeeId":"E1","erpId":"V1"},{"entity":"de01","employeeId":"E1","erpId":"V2"}]""";

        var result = MasterDataImport.ParseJson(MasterDataKind.Employees, Encoding.UTF8.GetBytes(json));

        Assert.Equal("V1", ((Employee)Assert.Single(result.Records)).ErpId);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("/1/key", "key"), (error.Pointer, error.Field));
        Assert.Contains("/0", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseJson_GetAnswerSentBack_IgnoresKeyAndSyncFields()
    {
        var json = """[{"entity":"DE01","account":"expenses:travel","key":"DE01|expenses:travel","sourceSystem":"hledger","lastSyncedAt":"2026-01-01T00:00:00Z","active":false}]""";

        var result = MasterDataImport.ParseJson(MasterDataKind.GlAccounts, Encoding.UTF8.GetBytes(json));

        var account = (GlAccount)Assert.Single(result.Records);
        Assert.False(account.Active);
        Assert.Equal("import", account.SourceSystem);
    }

    [Fact]
    public void ParseJson_NotJson_IsOneBodyError()
    {
        var result = MasterDataImport.ParseJson(MasterDataKind.Projects, "{nope"u8.ToArray());

        Assert.Equal("", Assert.Single(result.Errors).Pointer);
    }
}
