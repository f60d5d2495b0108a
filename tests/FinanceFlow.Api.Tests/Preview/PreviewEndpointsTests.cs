using FinanceFlow.Api.Http;
using FinanceFlow.Api.Preview;
using FinanceFlow.Core.Posting;
using FinanceFlow.Emulators.Expensify;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Operations;
using FinanceFlow.Workflows.Sources;
using Moq;

namespace FinanceFlow.Api.Tests.Preview;

public sealed class PreviewEndpointsTests
{
    private static readonly FixedTime Today = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task PreviewAsync_CleanReport_ShowsTheBalancedJournalItWouldPost()
    {
        var request = HttpTestContext.Request(SampleReports.CanonicalJson());

        var (status, _, body) = await RunAsync(request);

        Assert.Equal(200, status);
        Assert.True(body.GetProperty("wouldPost").GetBoolean());
        Assert.Equal("R-1001", body.GetProperty("report").GetProperty("reportId").GetString());
        var journal = body.GetProperty("journal");
        Assert.Equal("FF-CANONICAL-R-1001", journal.GetProperty("externalReference").GetString());
        Assert.Equal(60.00m, journal.GetProperty("totalDebit").GetDecimal());
        Assert.Equal(60.00m, journal.GetProperty("totalCredit").GetDecimal());
        var lines = journal.GetProperty("lines").EnumerateArray().ToList();
        Assert.Contains(lines, l => l.GetProperty("role").GetString() == "Expense" && l.GetProperty("account").GetString() == "expenses:meals" && l.GetProperty("debit").GetDecimal() == 55.00m);
        Assert.Contains(lines, l => l.GetProperty("role").GetString() == "InputTax" && l.GetProperty("debit").GetDecimal() == 5.00m);
        Assert.Contains(lines, l => l.GetProperty("role").GetString() == "EmployeePayable" && l.GetProperty("credit").GetDecimal() == 60.00m && l.GetProperty("currency").GetString() == "USD");
        Assert.Equal(0, body.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public async Task PreviewAsync_LinesDoNotSum_ListsTheFindingAndWouldNotPost()
    {
        var request = HttpTestContext.Request(SampleReports.CanonicalJson(total: 70.00m));

        var (status, _, body) = await RunAsync(request);

        Assert.Equal(200, status);
        Assert.False(body.GetProperty("wouldPost").GetBoolean());
        Assert.Contains(body.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "lines-do-not-sum");
    }

    [Fact]
    public async Task PreviewAsync_SchemaError_Answers400NamingTheField()
    {
        var json = SampleReports.CanonicalJson().Replace("\"currency\": \"USD\"", "\"currency\": \"usd\"", StringComparison.Ordinal);

        var (status, contentType, body) = await RunAsync(HttpTestContext.Request(json));

        Assert.Equal(400, status);
        Assert.StartsWith("application/problem+json", contentType, StringComparison.Ordinal);
        Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.GetProperty("pointer").GetString() == "/currency");
    }

    [Fact]
    public async Task PreviewAsync_UnknownSource_Answers404()
    {
        var request = HttpTestContext.Request(SampleReports.CanonicalJson());

        var (status, _, _) = await RunAsync(request, "workday");

        Assert.Equal(404, status);
    }

    private static async Task<(int Status, string? ContentType, System.Text.Json.JsonElement Body)> RunAsync(Microsoft.AspNetCore.Http.HttpRequest request, string source = "canonical")
    {
        var accounts = new AccountMap();
        accounts.ExpenseTypes["Meals"] = "expenses:meals";
        var preview = new PostingPreview([new CanonicalDocumentAdapter()], TestOptions.FinanceFlow(), new StaticOptions<AccountMap>(accounts), new StaticOptions<FinanceFlow.Workflows.MasterData.MasterDataOptions>(new()), Mock.Of<FinanceFlow.Workflows.MasterData.IMasterDataSource>(), Today);
        return await HttpTestContext.RunAsync(RouteNames.PreviewReport, request, () => PreviewEndpoints.PreviewAsync(request, source, preview, CancellationToken.None));
    }
}

public sealed class ExpensifyPreviewTests
{
    [Fact]
    public async Task PreviewAsync_ExpensifyReport_MapsCentsAndShowsTheJournal()
    {
        using var export = System.Text.Json.JsonDocument.Parse(ExpensifyEmulator.Sample("financeflow-export.json"));
        var first = export.RootElement[0].GetRawText();
        var expensifyOptions = new FinanceFlow.Connectors.Expensify.ExpensifyOptions { DefaultLegalEntity = "US01" };
        var adapter = new ExpensifyDocumentAdapter(new FinanceFlow.Connectors.Expensify.ExpensifyReportMapper(Microsoft.Extensions.Options.Options.Create(expensifyOptions)));
        var preview = new PostingPreview([new CanonicalDocumentAdapter(), adapter], TestOptions.FinanceFlow(), new StaticOptions<AccountMap>(new AccountMap()), new StaticOptions<FinanceFlow.Workflows.MasterData.MasterDataOptions>(new()), Mock.Of<FinanceFlow.Workflows.MasterData.IMasterDataSource>(), new FixedTime(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero)));
        var request = HttpTestContext.Request(first);

        var (status, _, body) = await HttpTestContext.RunAsync(RouteNames.PreviewReport, request, () => PreviewEndpoints.PreviewAsync(request, "expensify", preview, CancellationToken.None));

        Assert.Equal(200, status);
        var report = body.GetProperty("report");
        Assert.Equal("expensify", report.GetProperty("source").GetString());
        Assert.Equal("R006AseGxMka", report.GetProperty("reportId").GetString());
        Assert.Equal(12.34m, report.GetProperty("lines")[0].GetProperty("grossAmount").GetDecimal());
        var journal = body.GetProperty("journal");
        Assert.Equal(journal.GetProperty("totalDebit").GetDecimal(), journal.GetProperty("totalCredit").GetDecimal());
        Assert.Equal("FF-EXPENSIFY-R006AseGxMka", journal.GetProperty("externalReference").GetString());
    }
}

public sealed class ConcurPreviewTests
{
    [Fact]
    public async Task PreviewAsync_ConcurVatDocument_ShowsTheDocumentsOwnJournalWithInputTax()
    {
        var examples = Path.Combine(RepoPaths.SharedReference, "concur-fis", "examples");
        var document = await File.ReadAllTextAsync(Directory.GetFiles(examples, "*Example-2.1.json").Single());
        var accounts = new StaticOptions<AccountMap>(new AccountMap());
        var today = new FixedTime(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var adapter = new ConcurDocumentAdapter(new StaticOptions<FinanceFlow.Connectors.Concur.ConcurPostingOptions>(new()), accounts, today);
        var preview = new PostingPreview([new CanonicalDocumentAdapter(), adapter], TestOptions.FinanceFlow(), accounts, new StaticOptions<FinanceFlow.Workflows.MasterData.MasterDataOptions>(new()), Mock.Of<FinanceFlow.Workflows.MasterData.IMasterDataSource>(), today);
        var request = HttpTestContext.Request(document);

        var (status, _, body) = await HttpTestContext.RunAsync(RouteNames.PreviewReport, request, () => PreviewEndpoints.PreviewAsync(request, "concur", preview, CancellationToken.None));

        Assert.Equal(200, status);
        Assert.Equal("concur", body.GetProperty("report").GetProperty("source").GetString());
        var journal = body.GetProperty("journal");
        Assert.Equal(journal.GetProperty("totalDebit").GetDecimal(), journal.GetProperty("totalCredit").GetDecimal());
        var roles = journal.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("role").GetString()).ToList();
        Assert.Contains("InputTax", roles);
        Assert.Contains("EmployeePayable", roles);
        Assert.DoesNotContain(body.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString()!.StartsWith("journal-", StringComparison.Ordinal));
    }
}

public sealed class GovernedPreviewTests
{
    private static readonly FixedTime Today = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    private static readonly FinanceFlow.Core.MasterData.MasterDataSnapshot MasterData = new(new FinanceFlow.Core.MasterData.MasterDataSet
    {
        LegalEntities =
        [
            new FinanceFlow.Core.MasterData.LegalEntity { Code = "US01", FunctionalCurrency = "USD", Ledger = "us01" },
            new FinanceFlow.Core.MasterData.LegalEntity { Code = "DE01", FunctionalCurrency = "EUR", Ledger = "de01", RoundingAccount = "expenses:fx-rounding" },
        ],
        Employees =
        [
            new FinanceFlow.Core.MasterData.Employee { Entity = "US01", EmployeeId = "E100", ErpId = "V-E100" },
            new FinanceFlow.Core.MasterData.Employee { Entity = "DE01", EmployeeId = "E100", ErpId = "K-100" },
        ],
        GlAccounts = [.. new[] { "US01", "DE01" }.SelectMany(e => new[] { "expenses:meals", "liabilities:employees", "assets:vat:input", "expenses:fx-rounding" }
            .Select(a => new FinanceFlow.Core.MasterData.GlAccount { Entity = e, Account = a }))],
        Currencies = [new FinanceFlow.Core.MasterData.CurrencyRecord { Code = "USD" }],
        FxRates = [new FinanceFlow.Core.MasterData.FxRate { From = "USD", To = "EUR", Date = new DateOnly(2026, 11, 18), Rate = 0.9157m, RateSource = "ECB" }],
    });

    private static readonly FinanceFlow.Core.Mappings.MappingSnapshot Mappings = new(
        new[] { "US01", "DE01" }.SelectMany(e => new[]
        {
            Rule(FinanceFlow.Core.Mappings.MappingKind.ExpenseTypes, e, "Meals", "expenses:meals"),
            Rule(FinanceFlow.Core.Mappings.MappingKind.AccountRoles, e, "EmployeePayable", "liabilities:employees:{employee}"),
            Rule(FinanceFlow.Core.Mappings.MappingKind.AccountRoles, e, "InputTax", "assets:vat:input"),
        }));

    [Fact]
    public async Task PreviewAsync_EnrichmentRequired_ShowsOneConvertedJournalPerEntityWithTheMappingVersions()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(SampleReports.CanonicalJson())!;
        json["lines"]![0]!["legalEntity"] = "DE01";
        var request = HttpTestContext.Request(json.ToJsonString());

        var (status, _, body) = await RunAsync(request);

        Assert.Equal(200, status);
        Assert.True(body.GetProperty("wouldPost").GetBoolean(), body.ToString());
        var journal = Assert.Single(body.GetProperty("journals").EnumerateArray());
        Assert.Equal(("DE01", "de01", "EUR", "FF-CANONICAL-R-1001.DE01"), (journal.GetProperty("entity").GetString(), journal.GetProperty("ledger").GetString(),
            journal.GetProperty("currency").GetString(), journal.GetProperty("externalReference").GetString()));
        var payable = journal.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("role").GetString() == "EmployeePayable");
        Assert.Equal(("liabilities:employees:k-100", 54.94m, 0.9157m), (payable.GetProperty("account").GetString(), payable.GetProperty("credit").GetDecimal(),
            payable.GetProperty("fx").GetProperty("rate").GetDecimal()));
        Assert.Contains("expense-types DE01 Meals v1", journal.GetProperty("mappingVersions").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task PreviewAsync_EnrichmentRequiredAndMasterDataMissing_ListsWhatToFixAndWouldNotPost()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(SampleReports.CanonicalJson())!;
        json["employee"]!["id"] = "E999";
        var request = HttpTestContext.Request(json.ToJsonString());

        var (status, _, body) = await RunAsync(request);

        Assert.Equal(200, status);
        Assert.False(body.GetProperty("wouldPost").GetBoolean());
        Assert.Contains(body.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "employee-unknown" && f.GetProperty("path").GetString() == "/employee/id");
    }

    private static FinanceFlow.Core.Mappings.MappingRule Rule(FinanceFlow.Core.Mappings.MappingKind kind, string entity, string source, string target) =>
        new() { Kind = kind, Entity = entity, Source = source, Target = target, EffectiveFrom = new DateOnly(2026, 1, 1), Version = 1 };

    private static async Task<(int Status, string? ContentType, System.Text.Json.JsonElement Body)> RunAsync(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        var source = new Mock<FinanceFlow.Workflows.MasterData.IMasterDataSource>();
        source.Setup(s => s.GetMasterDataAsync(It.IsAny<CancellationToken>())).ReturnsAsync(MasterData);
        source.Setup(s => s.GetMappingsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Mappings);
        var preview = new PostingPreview(
            [new CanonicalDocumentAdapter()], TestOptions.FinanceFlow(), new StaticOptions<AccountMap>(new AccountMap()),
            new StaticOptions<FinanceFlow.Workflows.MasterData.MasterDataOptions>(new() { Enrichment = FinanceFlow.Workflows.MasterData.EnrichmentMode.Required }),
            source.Object, Today);
        return await HttpTestContext.RunAsync(RouteNames.PreviewReport, request, () => PreviewEndpoints.PreviewAsync(request, "canonical", preview, CancellationToken.None));
    }
}
