namespace FinanceFlow.Core.MasterData;

/// <summary>The concrete record type of each master-data kind, for code that (de)serializes every kind alike.</summary>
public static class MasterDataRecordTypes
{
    /// <summary>The sealed record type the records of <paramref name="kind"/> are, e.g. <see cref="CostCenter"/>.</summary>
    public static Type Of(MasterDataKind kind) => kind switch
    {
        MasterDataKind.LegalEntities => typeof(LegalEntity),
        MasterDataKind.Employees => typeof(Employee),
        MasterDataKind.CostCenters => typeof(CostCenter),
        MasterDataKind.Projects => typeof(Project),
        MasterDataKind.GlAccounts => typeof(GlAccount),
        MasterDataKind.TaxCodes => typeof(TaxCode),
        MasterDataKind.Currencies => typeof(CurrencyRecord),
        MasterDataKind.FxRates => typeof(FxRate),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown master-data kind."),
    };

    /// <summary>The legal entity a record belongs to, or null for kinds that are not per entity (currencies, FX rates).</summary>
    public static string? EntityOf(MasterRecord record) => record switch
    {
        LegalEntity e => e.Code,
        Employee e => e.Entity,
        CostCenter c => c.Entity,
        Project p => p.Entity,
        GlAccount a => a.Entity,
        TaxCode t => t.Entity,
        _ => null,
    };
}
