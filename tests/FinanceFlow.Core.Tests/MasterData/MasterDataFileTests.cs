using System.Text;
using FinanceFlow.Core.MasterData;

namespace FinanceFlow.Core.Tests.MasterData;

public sealed class MasterDataFileTests
{
    [Fact]
    public void Parse_KindsInAnyOrder_ReadsEachLikeAPutBodyWithLegalEntitiesFirst()
    {
        var file = """
            {
              "cost-centers": [ { "entity": "DE01", "code": "CC-100", "name": "Sales" } ],
              "legal-entities": [ { "code": "DE01", "functionalCurrency": "EUR", "ledger": "de" } ]
            }
            """;

        var content = MasterDataFile.Parse(Encoding.UTF8.GetBytes(file));

        Assert.Empty(content.Errors);
        Assert.Equal([MasterDataKind.LegalEntities, MasterDataKind.CostCenters], content.Kinds.Select(k => k.Kind));
        Assert.Equal("DE01|CC-100", Assert.Single(content.Kinds[1].Records).Key);
    }

    [Fact]
    public void Parse_BadRowInOneKind_PointsIntoTheFileAndLeavesOtherKindsClean()
    {
        var file = """
            { "employees": [ { "entity": "DE01", "employeeId": "E1", "erpId": "V1" }, { "entity": "DE01", "employeeId": "E2" } ],
              "projects": [ { "entity": "DE01", "code": "P-1" } ] }
            """;

        var content = MasterDataFile.Parse(Encoding.UTF8.GetBytes(file));

        var employees = content.Kinds.Single(k => k.Kind == MasterDataKind.Employees);
        var error = Assert.Single(employees.Errors);
        Assert.Equal(("/employees/1/erpId", "erpId"), (error.Pointer, error.Field));
        Assert.Empty(content.Kinds.Single(k => k.Kind == MasterDataKind.Projects).Errors);
    }

    [Theory]
    [InlineData("""{ "vendors": [] }""", "/vendors", "unknown kind")]
    [InlineData("""{ "projects": {} }""", "/projects", "must be an array")]
    [InlineData("""[ ]""", "", "one JSON object")]
    [InlineData("""{ "projects": [ }""", "", "not valid JSON")]
    public void Parse_BadFile_NamesWhereAndWhat(string file, string pointer, string detail)
    {
        var content = MasterDataFile.Parse(Encoding.UTF8.GetBytes(file));

        var error = Assert.Single(content.Errors);
        Assert.Equal(pointer, error.Pointer);
        Assert.Contains(detail, error.Detail, StringComparison.Ordinal);
    }
}
