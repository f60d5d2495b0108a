using System.Text;
using FinanceFlow.Core.Mappings;

namespace FinanceFlow.Core.Tests.Mappings;

public sealed class MappingRequestTests
{
    [Fact]
    public void Parse_GoodAndBadRules_ReadsTheGoodAndPointsAtEachBadField()
    {
        var json = """
            {"rules":[
              {"entity":"DE01","source":"Parking","target":"expenses:parking","effectiveFrom":"2026-12-01"},
              {"entity":"DE01","target":"expenses:travel","effectiveFrom":"01.12.2026","effectiveTo":null}
            ]}
            """;

        var result = MappingRequest.Parse(MappingKind.ExpenseTypes, Encoding.UTF8.GetBytes(json));

        var rule = Assert.Single(result.Rules);
        Assert.Equal((MappingKind.ExpenseTypes, new DateOnly(2026, 12, 1), (DateOnly?)null), (rule.Kind, rule.EffectiveFrom, rule.EffectiveTo));
        Assert.Equal(["/rules/1/source", "/rules/1/effectiveFrom"], result.Errors.Select(e => e.Pointer));
    }

    [Fact]
    public void Parse_NoRulesArray_IsABodyError()
    {
        var result = MappingRequest.Parse(MappingKind.TaxCodes, "[]"u8.ToArray());

        Assert.Equal("/rules", Assert.Single(result.Errors).Pointer);
    }
}
