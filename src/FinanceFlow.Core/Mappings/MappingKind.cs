namespace FinanceFlow.Core.Mappings;

/// <summary>The kinds of governed mapping rules; route names in <see cref="MappingKinds"/>.</summary>
public enum MappingKind
{
    /// <summary>Source expense type → GL account of the entity.</summary>
    ExpenseTypes,

    /// <summary>Source tax code → ERP tax code of the entity.</summary>
    TaxCodes,

    /// <summary>Source cost object → ERP cost center or project; the source is <c>cost-center:{code}</c> or <c>project:{code}</c>.</summary>
    CostObjects,

    /// <summary>Account role (<c>EmployeePayable</c>, <c>CardPayable</c>…) → account of the entity; <c>{employee}</c> is the employee's ERP id.</summary>
    AccountRoles,
}

/// <summary>The route name of each kind (<c>/api/v1/mappings/{kind}</c>) and back.</summary>
public static class MappingKinds
{
    private static readonly Dictionary<string, MappingKind> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["expense-types"] = MappingKind.ExpenseTypes,
        ["tax-codes"] = MappingKind.TaxCodes,
        ["cost-objects"] = MappingKind.CostObjects,
        ["account-roles"] = MappingKind.AccountRoles,
    };

    public static IReadOnlyList<string> Names { get; } = [.. ByName.Keys];

    public static bool TryParse(string? name, out MappingKind kind) => ByName.TryGetValue(name ?? "", out kind);

    public static string NameOf(MappingKind kind) => ByName.First(kv => kv.Value == kind).Key;
}
