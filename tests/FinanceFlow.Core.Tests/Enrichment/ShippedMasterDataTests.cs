using System.Text.Json;
using FinanceFlow.Core.Enrichment;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Posting;

namespace FinanceFlow.Core.Tests.Enrichment;

/// <summary>The master data and mappings <c>./run.sh</c> loads (samples/masterdata/) cover every sample the way the manifest expects.</summary>
public sealed class ShippedMasterDataTests
{
    private static readonly Lazy<(MasterDataSnapshot MasterData, MappingSnapshot Mappings)> Shipped = new(Load);

    public static TheoryData<string> PostedSamples()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(RepoFiles.Path("samples/manifest.json")));
        var data = new TheoryData<string>();
        foreach (var entry in manifest.RootElement.GetProperty("reports").EnumerateArray())
        {
            if (entry.GetProperty("expectedOutcome").GetString() is "Posted" or "Rejected")
            {
                data.Add(entry.GetProperty("file").GetString()!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PostedSamples))]
    public void ShippedMasterData_SampleExpectedToReachPolicy_EnrichesIntoBalancedJournals(string file)
    {
        var report = CanonicalReportParser.Parse(File.ReadAllBytes(RepoFiles.Path("samples/" + file)), "canonical").Report!;
        var (masterData, mappings) = Shipped.Value;

        var result = ReportEnricher.Enrich(report, report.AccountingDate!.Value, masterData, mappings);

        Assert.True(result.Succeeded, string.Join("; ", result.Findings.Select(f => $"{f.Code} {f.Path}: {f.Message}")));
        Assert.All(result.Batches.Select(b => EntityJournalBuilder.Build(b, report.LegalEntity)), j => Assert.Empty(JournalValidation.Validate(j)));
    }

    [Fact]
    public void ShippedMasterData_TwoEntitySample_PostsTheHotelInEuroToTheGermanLedger()
    {
        var report = CanonicalReportParser.Parse(File.ReadAllBytes(RepoFiles.Path("samples/15-usd-two-entities.json")), "canonical").Report!;
        var (masterData, mappings) = Shipped.Value;

        var result = ReportEnricher.Enrich(report, report.AccountingDate!.Value, masterData, mappings);

        var journals = result.Batches.Select(b => EntityJournalBuilder.Build(b, report.LegalEntity)).ToList();
        Assert.Equal([("US01", "us01", "USD", 38.25m), ("DE01", "de01", "EUR", 259.42m)], journals.Select(j => (j.LegalEntity, j.Ledger!, j.Currency, j.TotalDebit)));

        // 283.30 USD at the ECB rate of 2026-11-18 (0.9157): 264.77 → 242.45 hotel, 18.53 → 16.97 input tax; owed 283.30 → 259.42.
        var german = journals[1];
        Assert.Equal(242.45m, german.Lines.Single(l => l.Role == AccountRole.Expense).Debit);
        Assert.Equal(16.97m, german.Lines.Single(l => l.Role == AccountRole.InputTax).Debit);
        Assert.Equal(259.42m, german.Lines.Single(l => l.Role == AccountRole.EmployeePayable).Credit);
    }

    [Fact]
    public void ShippedMasterData_AwaitingSample_NamesTheUnmappedExpenseType()
    {
        var report = CanonicalReportParser.Parse(File.ReadAllBytes(RepoFiles.Path("samples/16-awaiting-unmapped-expense-type.json")), "canonical").Report!;
        var (masterData, mappings) = Shipped.Value;

        var finding = Assert.Single(ReportEnricher.Enrich(report, report.AccountingDate!.Value, masterData, mappings).Findings);

        Assert.Equal(EnrichmentCodes.ExpenseTypeUnmapped, finding.Code);
        Assert.StartsWith("Expense type `Coworking` has no GL account for entity US01", finding.Message, StringComparison.Ordinal);
    }

    private static (MasterDataSnapshot, MappingSnapshot) Load()
    {
        using var file = JsonDocument.Parse(File.ReadAllBytes(RepoFiles.Path("samples/masterdata/masterdata.json")));
        var set = new MasterDataSet();
        foreach (var property in file.RootElement.EnumerateObject())
        {
            Assert.True(MasterDataKinds.TryParse(property.Name, out var kind), $"unknown kind {property.Name}");
            var parsed = MasterDataImport.ParseJson(kind, JsonSerializer.SerializeToUtf8Bytes(property.Value));
            Assert.Empty(parsed.Errors);
            set = set.With(kind, parsed.Records);
        }

        // GL accounts come from each ledger's chart of accounts (samples/ledgers), as the sync reads them from hledger-web.
        var accounts = new List<GlAccount>();
        foreach (var entity in set.LegalEntities)
        {
            var chart = File.ReadLines(RepoFiles.Path($"samples/ledgers/{entity.Ledger}.journal"))
                .Where(l => l.StartsWith("account ", StringComparison.Ordinal))
                .Select(l => l["account ".Length..].Trim());
            accounts.AddRange(ChartOfAccounts.PostableAccounts(chart).Select(a => new GlAccount { Entity = entity.Code, Account = a, SourceSystem = "erp:" + entity.Ledger }));
        }

        var masterData = new MasterDataSnapshot(set with { GlAccounts = accounts });
        using var mappingFile = JsonDocument.Parse(File.ReadAllBytes(RepoFiles.Path("samples/masterdata/mappings.json")));
        var rules = new List<MappingRule>();
        foreach (var property in mappingFile.RootElement.EnumerateObject())
        {
            Assert.True(MappingKinds.TryParse(property.Name, out var kind), $"unknown mapping kind {property.Name}");
            var parsed = MappingRequest.Parse(kind, JsonSerializer.SerializeToUtf8Bytes(new { rules = property.Value }));
            Assert.Empty(parsed.Errors);
            var applied = MappingChanges.Apply([], parsed.Rules, 1, "run.sh", DateTimeOffset.UnixEpoch, masterData);
            Assert.Empty(applied.Errors);
            rules.AddRange(applied.Accepted);
        }

        return (masterData, new MappingSnapshot(rules));
    }
}
