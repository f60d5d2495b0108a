using System.Globalization;
using BenchmarkDotNet.Attributes;
using FinanceFlow.Core.Enrichment;
using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Benchmarks;

/// <summary>
/// Issue 4's benchmark: a 50-line report enriched against 100,000 employees, 10,000 cost centers and 5,000 GL accounts held
/// in memory. Run: <c>dotnet run -c Release --project tests/FinanceFlow.Benchmarks -- --filter '*Enrichment*'</c>; the memory
/// of the loaded master data is printed by <c>-- masterdata-memory</c>.
/// </summary>
[MemoryDiagnoser]
public class EnrichmentBenchmarks
{
    public const int Entities = 10;
    public const int Employees = 100_000;
    public const int CostCenters = 10_000;
    public const int Accounts = 5_000;
    public const int ExpenseTypes = 40;

    private static readonly DateOnly AccountingDate = new(2026, 11, 20);

    private MasterDataSnapshot _masterData = MasterDataSnapshot.Empty;
    private MappingSnapshot _mappings = MappingSnapshot.Empty;
    private ExpenseReport _sameCurrency = null!;
    private ExpenseReport _converted = null!;

    [GlobalSetup]
    public void Setup()
    {
        _masterData = new MasterDataSnapshot(BuildMasterData());
        _mappings = new MappingSnapshot(BuildMappings());
        _sameCurrency = BuildReport("USD", "E0042043", "ENT03");
        _converted = BuildReport("EUR", "E0042043", "ENT03");
        foreach (var report in new[] { _sameCurrency, _converted })
        {
            var result = ReportEnricher.Enrich(report, AccountingDate, _masterData, _mappings);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("The benchmark report does not enrich: " + string.Join("; ", result.Findings.Select(f => f.Message)));
            }
        }
    }

    /// <summary>Enrichment alone, report and functional currency the same.</summary>
    [Benchmark(Baseline = true)]
    public int Enrich() => ReportEnricher.Enrich(_sameCurrency, AccountingDate, _masterData, _mappings).Batches.Count;

    /// <summary>Enrichment plus the entity journal, converting every line from EUR.</summary>
    [Benchmark]
    public int EnrichConvertAndBuildJournal()
    {
        var result = ReportEnricher.Enrich(_converted, AccountingDate, _masterData, _mappings);
        return EntityJournalBuilder.Build(result.Batches[0], _converted.LegalEntity).Lines.Count;
    }

    /// <summary>Builds the master data and prints the managed memory it holds once loaded and indexed.</summary>
    public static void PrintMasterDataMemory()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var snapshot = new MasterDataSnapshot(BuildMasterData());
        var mappings = new MappingSnapshot(BuildMappings());
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"master data: {snapshot.Set.Employees.Count} employees, {snapshot.Set.CostCenters.Count} cost centers, {snapshot.Set.GlAccounts.Count} GL accounts, {mappings.Rules.Count} mapping rules; managed memory held after load and indexing: {(after - before) / 1024d / 1024d:F1} MB"));
        GC.KeepAlive(snapshot);
        GC.KeepAlive(mappings);
    }

    private static string Entity(int i) => string.Create(CultureInfo.InvariantCulture, $"ENT{i % Entities:D2}");

    private static MasterDataSet BuildMasterData()
    {
        var synced = new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero);
        return new MasterDataSet
        {
            LegalEntities = [.. Enumerable.Range(0, Entities).Select(i => new LegalEntity
            {
                Code = Entity(i), FunctionalCurrency = "USD", Ledger = Entity(i).ToLowerInvariant(), RoundingAccount = "expenses:fx-rounding",
                OpenPeriods = ["2026-11", "2026-12"], SourceSystem = "bench", LastSyncedAt = synced,
            })],
            Employees = [.. Enumerable.Range(0, Employees).Select(i => new Employee
            {
                Entity = Entity(i), EmployeeId = string.Create(CultureInfo.InvariantCulture, $"E{i:D7}"), ErpId = string.Create(CultureInfo.InvariantCulture, $"V{i:D7}"),
                Name = string.Create(CultureInfo.InvariantCulture, $"Employee {i}"), DefaultCostCenter = string.Create(CultureInfo.InvariantCulture, $"CC{i % CostCenters:D5}"),
                SourceSystem = "bench", LastSyncedAt = synced,
            })],
            CostCenters = [.. Enumerable.Range(0, CostCenters).Select(i => new CostCenter
            {
                Entity = Entity(i), Code = string.Create(CultureInfo.InvariantCulture, $"CC{i:D5}"), Name = string.Create(CultureInfo.InvariantCulture, $"Cost center {i}"),
                SourceSystem = "bench", LastSyncedAt = synced,
            })],
            GlAccounts = [.. Enumerable.Range(0, Accounts).Select(i => new GlAccount
            {
                Entity = Entity(i), Account = string.Create(CultureInfo.InvariantCulture, $"expenses:a{i / Entities:D4}"), Name = string.Create(CultureInfo.InvariantCulture, $"Account {i}"),
                SourceSystem = "bench", LastSyncedAt = synced,
            }).Concat(Enumerable.Range(0, Entities).SelectMany(e => new[] { "liabilities:employees", "assets:vat:input", "expenses:fx-rounding" }.Select(a => new GlAccount { Entity = Entity(e), Account = a })))],
            TaxCodes = [.. Enumerable.Range(0, Entities).Select(i => new TaxCode { Entity = Entity(i), Code = "VAT20", Rate = 20m, DeductiblePercent = 100m })],
            Currencies = [new CurrencyRecord { Code = "USD" }, new CurrencyRecord { Code = "EUR" }],
            FxRates = [.. Enumerable.Range(0, 365).Select(d => new FxRate { From = "EUR", To = "USD", Date = new DateOnly(2026, 1, 1).AddDays(d), Rate = 1.08m + (d % 7) / 1000m, RateSource = "ECB" })],
        };
    }

    private static List<MappingRule> BuildMappings()
    {
        var rules = new List<MappingRule>();
        for (var e = 0; e < Entities; e++)
        {
            for (var t = 0; t < ExpenseTypes; t++)
            {
                rules.Add(new MappingRule
                {
                    Kind = MappingKind.ExpenseTypes,
                    Entity = Entity(e),
                    Source = string.Create(CultureInfo.InvariantCulture, $"Type{t}"),
                    Target = string.Create(CultureInfo.InvariantCulture, $"expenses:a{t:D4}"),
                    EffectiveFrom = new DateOnly(2026, 1, 1),
                    Version = 1,
                });
            }

            rules.Add(new MappingRule { Kind = MappingKind.AccountRoles, Entity = Entity(e), Source = "EmployeePayable", Target = "liabilities:employees:{employee}", EffectiveFrom = new DateOnly(2026, 1, 1), Version = 1 });
            rules.Add(new MappingRule { Kind = MappingKind.AccountRoles, Entity = Entity(e), Source = "InputTax", Target = "assets:vat:input", EffectiveFrom = new DateOnly(2026, 1, 1), Version = 1 });
        }

        return rules;
    }

    private static ExpenseReport BuildReport(string currency, string employeeId, string entity)
    {
        var lines = Enumerable.Range(0, 50).Select(i => new ExpenseLine(
            LineId: string.Create(CultureInfo.InvariantCulture, $"L{i}"),
            ExpenseType: string.Create(CultureInfo.InvariantCulture, $"Type{i % ExpenseTypes}"),
            TransactionDate: new DateOnly(2026, 11, 1).AddDays(i % 19),
            Merchant: "Merchant",
            PaymentType: PaymentType.OutOfPocket,
            GrossAmount: 120m + i,
            TaxAmount: 20m,
            NetAmount: 100m + i,
            TaxCode: "VAT20",
            TaxDeductiblePercent: 100m,
            Description: null,
            Original: null,
            Allocations: i % 2 == 0 ? [] : [new Allocation(string.Create(CultureInfo.InvariantCulture, $"CC{(3 + 10 * i) % CostCenters:D5}"), null, 100m, null)])).ToList();
        return new ExpenseReport(
            "bench", "R-1", 1, entity, "benchmark", new Party(employeeId, "Bench Employee"), new Party(employeeId, "Bench Employee"),
            [new Approval(new Party("M1", "Manager"), new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero))],
            currency, lines.Sum(l => l.GrossAmount), new DateTimeOffset(2026, 11, 19, 9, 0, 0, TimeSpan.Zero), AccountingDate, lines, []);
    }
}
