using FinanceFlow.Core.Enrichment;
using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.Tests.Enrichment;

/// <summary>A small governed setup: US01 books in USD, DE01 in EUR, each in its own ledger; tests change one thing with <c>with</c>.</summary>
internal static class Governed
{
    public static readonly DateOnly From = new(2026, 1, 1);

    /// <summary>The accounting date enrichment tests use unless they say otherwise.</summary>
    public static readonly DateOnly AccountingDate = new(2026, 11, 20);

    /// <summary>Enriches with this setup, or with the master data, mappings and date given.</summary>
    public static EnrichmentResult Enrich(ExpenseReport report, MasterDataSnapshot? masterData = null, MappingSnapshot? mappings = null, DateOnly? date = null) =>
        ReportEnricher.Enrich(report, date ?? AccountingDate, masterData ?? MasterData(), mappings ?? Mappings());

    public static LegalEntity Us01 { get; } = new()
    {
        Code = "US01",
        Name = "Acme Inc.",
        FunctionalCurrency = "USD",
        Ledger = "us01",
        RoundingAccount = "expenses:fx-rounding",
    };

    public static LegalEntity De01 { get; } = new()
    {
        Code = "DE01",
        Name = "Acme GmbH",
        FunctionalCurrency = "EUR",
        Ledger = "de01",
        RoundingAccount = "aufwand:kursdifferenzen",
    };

    public static MasterDataSet Set(params LegalEntity[] entities) => new()
    {
        LegalEntities = entities.Length == 0 ? [Us01, De01] : entities,
        Employees =
        [
            new Employee { Entity = "US01", EmployeeId = "E100", ErpId = "V-100", Name = "Ada Lovelace", DefaultCostCenter = "CC-SALES" },
            new Employee { Entity = "DE01", EmployeeId = "E100", ErpId = "K-7100", Name = "Ada Lovelace" },
        ],
        CostCenters =
        [
            new CostCenter { Entity = "US01", Code = "CC-SALES" },
            new CostCenter { Entity = "US01", Code = "CC-OLD", Active = false },
            new CostCenter { Entity = "US01", Code = "4100" },
            new CostCenter { Entity = "DE01", Code = "KST-200" },
        ],
        GlAccounts =
        [
            new GlAccount { Entity = "US01", Account = "expenses:meals" },
            new GlAccount { Entity = "US01", Account = "expenses:travel" },
            new GlAccount { Entity = "US01", Account = "expenses:parking" },
            new GlAccount { Entity = "US01", Account = "expenses:retired", Active = false },
            new GlAccount { Entity = "US01", Account = "liabilities:employees" },
            new GlAccount { Entity = "US01", Account = "liabilities:card" },
            new GlAccount { Entity = "US01", Account = "assets:vat:input" },
            new GlAccount { Entity = "US01", Account = "expenses:fx-rounding" },
            new GlAccount { Entity = "DE01", Account = "aufwand:bewirtung" },
            new GlAccount { Entity = "DE01", Account = "verbindlichkeiten:mitarbeiter" },
            new GlAccount { Entity = "DE01", Account = "forderungen:vorsteuer" },
            new GlAccount { Entity = "DE01", Account = "aufwand:kursdifferenzen" },
        ],
        TaxCodes =
        [
            new TaxCode { Entity = "US01", Code = "US-VAT20", Rate = 20m, DeductiblePercent = 50m, InputTaxAccount = "assets:vat:input" },
            new TaxCode { Entity = "DE01", Code = "VST19", Rate = 19m, DeductiblePercent = 100m },
        ],
        Currencies =
        [
            new CurrencyRecord { Code = "USD" },
            new CurrencyRecord { Code = "EUR" },
            new CurrencyRecord { Code = "GBP", Entities = ["DE01"] },
        ],
        FxRates =
        [
            new FxRate { From = "USD", To = "EUR", Date = new DateOnly(2026, 11, 18), Rate = 0.9157m, RateSource = "ECB" },
            new FxRate { From = "USD", To = "EUR", Date = new DateOnly(2026, 11, 20), Rate = 0.9200m, RateSource = "ECB" },
            new FxRate { From = "EUR", To = "USD", Date = new DateOnly(2026, 11, 18), Rate = 1.0850m, RateSource = "ECB" },
        ],
    };

    public static MasterDataSnapshot MasterData(params LegalEntity[] entities) => new(Set(entities));

    public static MappingRule Rule(MappingKind kind, string entity, string source, string target, DateOnly? from = null, DateOnly? to = null, int version = 1) =>
        new() { Kind = kind, Entity = entity, Source = source, Target = target, EffectiveFrom = from ?? From, EffectiveTo = to, Version = version, ChangedBy = "controller@acme.example" };

    public static List<MappingRule> Rules() =>
    [
        Rule(MappingKind.ExpenseTypes, "US01", "Meals", "expenses:meals"),
        Rule(MappingKind.ExpenseTypes, "US01", "Airfare", "expenses:travel"),
        Rule(MappingKind.ExpenseTypes, "DE01", "Meals", "aufwand:bewirtung"),
        Rule(MappingKind.TaxCodes, "US01", "VAT20", "US-VAT20"),
        Rule(MappingKind.TaxCodes, "DE01", "VAT20", "VST19"),
        Rule(MappingKind.CostObjects, "US01", "cost-center:SALES-EAST", "4100"),
        Rule(MappingKind.AccountRoles, "US01", "EmployeePayable", "liabilities:employees:{employee}"),
        Rule(MappingKind.AccountRoles, "US01", "CardPayable", "liabilities:card"),
        Rule(MappingKind.AccountRoles, "US01", "InputTax", "assets:vat:input"),
        Rule(MappingKind.AccountRoles, "DE01", "EmployeePayable", "verbindlichkeiten:mitarbeiter:{employee}"),
        Rule(MappingKind.AccountRoles, "DE01", "InputTax", "forderungen:vorsteuer"),
    ];

    public static MappingSnapshot Mappings(params MappingRule[] extra) => new([.. Rules(), .. extra]);
}
