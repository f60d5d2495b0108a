namespace FinanceFlow.Core.MasterData;

/// <summary>The kinds of master data FinanceFlow keeps a governed copy of; route names in <see cref="MasterDataKinds"/>.</summary>
public enum MasterDataKind
{
    LegalEntities,
    Employees,
    CostCenters,
    Projects,
    GlAccounts,
    TaxCodes,
    Currencies,
    FxRates,
}

/// <summary>The route name of each kind (<c>/api/v1/masterdata/{kind}</c>) and back.</summary>
public static class MasterDataKinds
{
    private static readonly Dictionary<string, MasterDataKind> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["legal-entities"] = MasterDataKind.LegalEntities,
        ["employees"] = MasterDataKind.Employees,
        ["cost-centers"] = MasterDataKind.CostCenters,
        ["projects"] = MasterDataKind.Projects,
        ["gl-accounts"] = MasterDataKind.GlAccounts,
        ["tax-codes"] = MasterDataKind.TaxCodes,
        ["currencies"] = MasterDataKind.Currencies,
        ["fx-rates"] = MasterDataKind.FxRates,
    };

    /// <summary>Every route name, in the order the kinds are declared.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. ByName.Keys];

    /// <summary>The kind for a route name; false for an unknown name.</summary>
    public static bool TryParse(string? name, out MasterDataKind kind) => ByName.TryGetValue(name ?? "", out kind);

    /// <summary>The route name of a kind, e.g. <c>cost-centers</c>.</summary>
    public static string NameOf(MasterDataKind kind) => ByName.First(kv => kv.Value == kind).Key;
}
