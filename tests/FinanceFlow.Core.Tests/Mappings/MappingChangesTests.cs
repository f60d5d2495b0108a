using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.MasterData;

namespace FinanceFlow.Core.Tests.Mappings;

public sealed class MappingChangesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static readonly MasterDataSnapshot Master = new(new MasterDataSet
    {
        LegalEntities = [Entity("DE01"), Entity("OLD1") with { Active = false }],
        GlAccounts = [Account("expenses:travel"), Account("expenses:parking"), Account("liabilities:employees"), Account("expenses:retired") with { Active = false }],
        TaxCodes = [new TaxCode { Entity = "DE01", Code = "VST19", Rate = 19 }],
        CostCenters = [new CostCenter { Entity = "DE01", Code = "CC-100" }],
        Projects = [new Project { Entity = "DE01", Code = "P-7" }],
    });

    [Fact]
    public void Apply_NewRuleAfterOpenEndedRule_ClosesItTheDayBeforeAndVersionsBoth()
    {
        var existing = new[] { Rule("Parking", "expenses:travel", "2026-01-01") with { Version = 1, ChangedBy = "alice" } };

        var result = MappingChanges.Apply(existing, [Rule("Parking", "expenses:parking", "2026-12-01")], 2, "bob", Now, Master);

        Assert.True(result.IsValid);
        var closed = Assert.Single(result.Accepted, r => r.Target == "expenses:travel");
        Assert.Equal((new DateOnly(2026, 11, 30), 2, "bob"), (closed.EffectiveTo!.Value, closed.Version, closed.ChangedBy));
        var added = Assert.Single(result.Accepted, r => r.Target == "expenses:parking");
        Assert.Equal((2, "bob", Now, (DateOnly?)null), (added.Version, added.ChangedBy, added.ChangedAt, added.EffectiveTo));
        Assert.Contains(result.Changes, c => c.Before == existing[0] && c.After == closed);
        Assert.Contains(result.Changes, c => c.Before is null && c.After == added);
    }

    [Fact]
    public void Apply_SameStartAsExistingRule_IsAnOverlap()
    {
        var existing = new[] { Rule("Parking", "expenses:travel", "2026-01-01") };

        var result = MappingChanges.Apply(existing, [Rule("Parking", "expenses:parking", "2026-01-01")], 2, "bob", Now, Master);

        Assert.Equal("/rules/0/effectiveFrom", Assert.Single(result.Errors).Pointer);
        Assert.Empty(result.Accepted);
    }

    [Fact]
    public void Apply_StartInsideAClosedExistingRule_IsAnOverlap()
    {
        var existing = new[] { Rule("Parking", "expenses:travel", "2026-01-01", "2026-06-30"), Rule("Parking", "expenses:travel", "2026-07-01") };

        var result = MappingChanges.Apply(existing, [Rule("Parking", "expenses:parking", "2026-03-01", "2026-03-31")], 2, "bob", Now, Master);

        Assert.Equal("/rules/0/effectiveFrom", Assert.Single(result.Errors).Pointer);
    }

    [Fact]
    public void Apply_TwoIncomingRulesIntersect_NamesTheOtherRule()
    {
        var incoming = new[] { Rule("Taxi", "expenses:travel", "2026-01-01"), Rule("Taxi", "expenses:parking", "2026-03-01", "2026-03-31") };

        var result = MappingChanges.Apply([], incoming, 1, "bob", Now, Master);

        var error = Assert.Single(result.Errors);
        Assert.Equal("/rules/1/effectiveFrom", error.Pointer);
        Assert.Contains("/rules/0", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_EffectiveToBeforeFrom_IsAnError()
    {
        var result = MappingChanges.Apply([], [Rule("Taxi", "expenses:travel", "2026-03-01", "2026-02-01")], 1, "bob", Now, Master);

        Assert.Equal("/rules/0/effectiveTo", Assert.Single(result.Errors).Pointer);
    }

    [Theory]
    [InlineData("OLD1", "expenses:travel", "/rules/0/entity")]
    [InlineData("XX99", "expenses:travel", "/rules/0/entity")]
    [InlineData("DE01", "expenses:unknown", "/rules/0/target")]
    [InlineData("DE01", "expenses:retired", "/rules/0/target")]
    public void Apply_ExpenseTypeToUnknownOrInactive_IsAnErrorOnThatField(string entity, string target, string pointer)
    {
        var result = MappingChanges.Apply([], [Rule("Taxi", target, "2026-01-01") with { Entity = entity }], 1, "bob", Now, Master);

        Assert.Equal(pointer, Assert.Single(result.Errors).Pointer);
    }

    [Theory]
    [InlineData("VST19", true)]
    [InlineData("VST7", false)]
    public void Apply_TaxCodeTarget_MustBeAnActiveTaxCodeOfTheEntity(string target, bool valid)
    {
        var result = MappingChanges.Apply([], [Rule("DE-19", target, "2026-01-01") with { Kind = MappingKind.TaxCodes }], 1, "bob", Now, Master);

        Assert.Equal(valid, result.IsValid);
    }

    [Theory]
    [InlineData("cost-center:100", "CC-100", null)]
    [InlineData("project:ALPHA", "P-7", null)]
    [InlineData("project:ALPHA", "CC-100", "/rules/0/target")]
    [InlineData("department:100", "CC-100", "/rules/0/source")]
    public void Apply_CostObjects_CheckSourcePrefixAndTargetKind(string source, string target, string? pointer)
    {
        var result = MappingChanges.Apply([], [Rule(source, target, "2026-01-01") with { Kind = MappingKind.CostObjects }], 1, "bob", Now, Master);

        Assert.Equal(pointer, result.Errors.SingleOrDefault()?.Pointer);
    }

    [Theory]
    [InlineData("EmployeePayable", "liabilities:employees:{employee}", null)]
    [InlineData("employeepayable", "liabilities:employees", null)]
    [InlineData("Payroll", "liabilities:employees", "/rules/0/source")]
    [InlineData("CardPayable", "liabilities:cards:{employee}", "/rules/0/target")]
    public void Apply_AccountRoles_CheckRoleNameAndAccountBeforeTheEmployeePlaceholder(string source, string target, string? pointer)
    {
        var result = MappingChanges.Apply([], [Rule(source, target, "2026-01-01") with { Kind = MappingKind.AccountRoles }], 1, "bob", Now, Master);

        Assert.Equal(pointer, result.Errors.SingleOrDefault()?.Pointer);
    }

    [Fact]
    public void Apply_ThenResolve_OldTargetBeforeTheDateNewTargetFromIt()
    {
        var existing = new[] { Rule("Parking", "expenses:travel", "2026-01-01") with { Version = 1 } };
        var result = MappingChanges.Apply(existing, [Rule("Parking", "expenses:parking", "2026-12-01")], 2, "bob", Now, Master);

        var snapshot = new MappingSnapshot(result.Accepted);

        Assert.Equal("expenses:travel", snapshot.Resolve(MappingKind.ExpenseTypes, "DE01", "parking", new DateOnly(2026, 11, 30))!.Target);
        Assert.Equal("expenses:parking", snapshot.Resolve(MappingKind.ExpenseTypes, "de01", "Parking", new DateOnly(2026, 12, 1))!.Target);
    }

    private static LegalEntity Entity(string code) => new() { Code = code, FunctionalCurrency = "EUR", Ledger = "de" };

    private static GlAccount Account(string account) => new() { Entity = "DE01", Account = account };

    private static MappingRule Rule(string source, string target, string from, string? to = null) => new()
    {
        Kind = MappingKind.ExpenseTypes,
        Entity = "DE01",
        Source = source,
        Target = target,
        EffectiveFrom = DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
        EffectiveTo = to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture),
    };
}
