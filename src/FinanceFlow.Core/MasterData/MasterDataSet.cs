namespace FinanceFlow.Core.MasterData;

/// <summary>All master data as loaded from the store or a master-data file: plain lists, one per kind.</summary>
public sealed record MasterDataSet
{
    public IReadOnlyList<LegalEntity> LegalEntities { get; init; } = [];

    public IReadOnlyList<Employee> Employees { get; init; } = [];

    public IReadOnlyList<CostCenter> CostCenters { get; init; } = [];

    public IReadOnlyList<Project> Projects { get; init; } = [];

    public IReadOnlyList<GlAccount> GlAccounts { get; init; } = [];

    public IReadOnlyList<TaxCode> TaxCodes { get; init; } = [];

    public IReadOnlyList<CurrencyRecord> Currencies { get; init; } = [];

    public IReadOnlyList<FxRate> FxRates { get; init; } = [];

    /// <summary>The records of one kind, for code that handles every kind alike (store, import, API).</summary>
    public IReadOnlyList<MasterRecord> Of(MasterDataKind kind) => kind switch
    {
        MasterDataKind.LegalEntities => LegalEntities,
        MasterDataKind.Employees => Employees,
        MasterDataKind.CostCenters => CostCenters,
        MasterDataKind.Projects => Projects,
        MasterDataKind.GlAccounts => GlAccounts,
        MasterDataKind.TaxCodes => TaxCodes,
        MasterDataKind.Currencies => Currencies,
        MasterDataKind.FxRates => FxRates,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown master-data kind."),
    };

    /// <summary>A copy with the records of one kind replaced.</summary>
    public MasterDataSet With(MasterDataKind kind, IEnumerable<MasterRecord> records) => kind switch
    {
        MasterDataKind.LegalEntities => this with { LegalEntities = [.. records.Cast<LegalEntity>()] },
        MasterDataKind.Employees => this with { Employees = [.. records.Cast<Employee>()] },
        MasterDataKind.CostCenters => this with { CostCenters = [.. records.Cast<CostCenter>()] },
        MasterDataKind.Projects => this with { Projects = [.. records.Cast<Project>()] },
        MasterDataKind.GlAccounts => this with { GlAccounts = [.. records.Cast<GlAccount>()] },
        MasterDataKind.TaxCodes => this with { TaxCodes = [.. records.Cast<TaxCode>()] },
        MasterDataKind.Currencies => this with { Currencies = [.. records.Cast<CurrencyRecord>()] },
        MasterDataKind.FxRates => this with { FxRates = [.. records.Cast<FxRate>()] },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown master-data kind."),
    };
}
