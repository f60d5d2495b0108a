using System.Globalization;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.MasterData;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.MasterData;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace FinanceFlow.Workflows.Tests.MasterData;

/// <summary>The master-data sync on a fresh Azurite and a real hledger-web per test, wired as the hosts wire it.</summary>
[Trait("Category", "Integration")]
public sealed class MasterDataSyncTests : IAsyncLifetime
{
    private const string Journal = """
        account expenses:travel
        account expenses:meals
        account liabilities:employees

        """;

    private static readonly DateTimeOffset Now = new(2026, 11, 26, 2, 0, 0, TimeSpan.Zero);
    private readonly AzuriteProcess _azurite = new();
    private readonly HledgerWebProcess _hledger = new();
    private readonly string _contentRoot = Path.Combine(Path.GetTempPath(), "financeflow-sync-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;

    private string FilePath => Path.Combine(_contentRoot, "masterdata.json");

    public async Task InitializeAsync()
    {
        await Task.WhenAll(_azurite.InitializeAsync(), _hledger.InitializeAsync());
        await File.WriteAllTextAsync(_hledger.JournalPath, Journal);
        Directory.CreateDirectory(_contentRoot);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["FinanceFlow:Erp:Hledger:BaseUrl"] = _hledger.BaseUrl,
            ["FinanceFlow:Erp:Ledgers:de:BaseUrl"] = _hledger.BaseUrl,
            ["FinanceFlow:Erp:Ledgers:down:BaseUrl"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Get()}"),
            // Relative: resolved against the content root.
            ["FinanceFlow:MasterData:SyncFile"] = "masterdata.json",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(new FixedTime(Now))
            .AddSingleton(Mock.Of<IHostEnvironment>(e => e.ContentRootPath == _contentRoot));
        services.AddFinanceFlowWorkflows(configuration);
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _hledger.DisposeAsync();
        await _azurite.DisposeAsync();
        Directory.Delete(_contentRoot, recursive: true);
    }

    [Fact]
    public async Task RunAsync_FileThenARecordRemoved_AddsThenDeactivatesItSoftly()
    {
        await WriteFileAsync(Entities("DE01:de"), """ "cost-centers": [ { "entity": "DE01", "code": "CC-1" }, { "entity": "DE01", "code": "CC-2", "name": "Ops" } ] """);
        var first = await SyncAsync();

        await WriteFileAsync(Entities("DE01:de"), """ "cost-centers": [ { "entity": "DE01", "code": "CC-1" } ] """);
        ((FixedTime)_services.GetRequiredService<TimeProvider>()).Now = Now.AddDays(1);
        var second = await SyncAsync();

        Assert.Equal((1, 0, 0), Counts(first, MasterDataKind.LegalEntities, "masterdata-file"));
        Assert.Equal((2, 0, 0), Counts(first, MasterDataKind.CostCenters, "masterdata-file"));
        Assert.Equal((0, 0, 1), Counts(second, MasterDataKind.CostCenters, "masterdata-file"));
        var removed = (await Store.LoadAsync(MasterDataKind.CostCenters, CancellationToken.None)).Cast<CostCenter>().Single(c => c.Code == "CC-2");
        Assert.Equal((false, "Ops", "masterdata-file"), (removed.Active, removed.Name, removed.SourceSystem));
        var latest = await _services.GetRequiredService<ISyncRunStore>().ReadLatestAsync(MasterDataKind.CostCenters, 1, CancellationToken.None);
        Assert.Equal(1, Assert.Single(latest).Deactivated);
        Assert.Contains("cost-centers masterdata-file: 0 added, 0 changed, 1 deactivated", second.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EntitiesOfALedger_GetItsLeafAccountsAndLoseARemovedOneSoftly()
    {
        await WriteFileAsync(Entities("DE01:de", "DE02:de", "US01:down"));
        var first = await SyncAsync();

        await File.WriteAllTextAsync(_hledger.JournalPath, Journal.Replace("account expenses:meals\n", "", StringComparison.Ordinal));
        var second = await SyncAsync();

        Assert.Equal((6, 0, 0), Counts(first, MasterDataKind.GlAccounts, "erp:de"));
        Assert.Equal((0, 0, 2), Counts(second, MasterDataKind.GlAccounts, "erp:de"));
        var accounts = (await Store.LoadAsync(MasterDataKind.GlAccounts, CancellationToken.None)).Cast<GlAccount>().ToList();
        Assert.Equal(
            ["DE01|expenses:meals|False", "DE01|expenses:travel|True", "DE01|liabilities:employees|True", "DE02|expenses:meals|False", "DE02|expenses:travel|True", "DE02|liabilities:employees|True"],
            accounts.Select(a => $"{a.Entity}|{a.Account}|{a.Active}").Order(StringComparer.Ordinal));
        var down = Assert.Single(second.Problems);
        Assert.Equal(("erp:down", "gl-accounts"), (down.Part, down.Kind));
        Assert.Contains("could not be reached", down.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BadRowInOneKind_OtherKindsSyncAndTheProblemNamesThePointer()
    {
        await WriteFileAsync(
            Entities("DE01:de"),
            """ "employees": [ { "entity": "DE01", "employeeId": "E1", "erpId": "V1" }, { "entity": "DE01", "employeeId": "E2" } ] """,
            """ "projects": [ { "entity": "DE01", "code": "P-1" } ] """);

        var result = await SyncAsync();

        var problem = Assert.Single(result.Problems);
        Assert.Equal(("masterdata-file", "employees", "/employees/1/erpId"), (problem.Part, problem.Kind, problem.Pointer));
        Assert.Contains("is required", problem.Message, StringComparison.Ordinal);
        Assert.Empty(await Store.LoadAsync(MasterDataKind.Employees, CancellationToken.None));
        Assert.Equal((1, 0, 0), Counts(result, MasterDataKind.Projects, "masterdata-file"));
        Assert.Equal((3, 0, 0), Counts(result, MasterDataKind.GlAccounts, "erp:de"));
    }

    [Fact]
    public async Task RunAsync_ScheduledRun_WritesOneAuditRowAndRefreshesTheCache()
    {
        var source = _services.GetRequiredService<IMasterDataSource>();
        Assert.Null((await source.GetMasterDataAsync(CancellationToken.None)).FindEntity("DE01"));
        await WriteFileAsync(Entities("DE01:de"));

        await SyncAsync();

        var snapshot = await source.GetMasterDataAsync(CancellationToken.None);
        Assert.NotNull(snapshot.FindEntity("DE01"));
        Assert.NotNull(snapshot.FindAccount("DE01", "expenses:travel"));
        var row = Assert.Single(await _services.GetRequiredService<IAuditTrail>().ReadAsync(new ReportKey("masterdata", "sync"), CancellationToken.None));
        Assert.Equal(("MasterDataSynced", "Synced", "system"), (row.Step, row.Outcome, row.Actor));
        Assert.Contains("\"erp:de\"", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SyncNowByACaller_SummarisesWhatItDidAndAuditsTheCaller()
    {
        await WriteFileAsync(Entities("DE01:de"), """ "projects": [] """);
        using var scope = _services.CreateScope();

        var result = await scope.ServiceProvider.GetRequiredService<MasterDataSync>().RunAsync("erika@contoso.com", CancellationToken.None);

        Assert.Contains("legal-entities masterdata-file: 1 added, 0 changed, 0 deactivated", result.ToString(), StringComparison.Ordinal);
        Assert.Equal("/projects", Assert.Single(result.Problems).Pointer);
        var row = Assert.Single(await _services.GetRequiredService<IAuditTrail>().ReadAsync(new ReportKey("masterdata", "sync"), CancellationToken.None));
        Assert.Equal(("SyncedWithProblems", "erika@contoso.com"), (row.Outcome, row.Actor));
    }

    private IMasterDataStore Store => _services.GetRequiredService<IMasterDataStore>();

    private async Task<MasterDataSyncResult> SyncAsync()
    {
        using var scope = _services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MasterDataSync>().RunAsync(MasterDataSync.SystemActor, CancellationToken.None);
    }

    private static (int Added, int Changed, int Deactivated) Counts(MasterDataSyncResult result, MasterDataKind kind, string sourceSystem)
    {
        var summary = Assert.Single(result.Summaries, s => s.Kind == kind && s.SourceSystem == sourceSystem);
        return (summary.Added, summary.Changed, summary.Deactivated);
    }

    /// <summary>A <c>legal-entities</c> member from <c>CODE:ledger</c> pairs.</summary>
    private static string Entities(params string[] entities) =>
        "\"legal-entities\": [" + string.Join(",", entities.Select(e => e.Split(':')).Select(p => $$"""{ "code": "{{p[0]}}", "functionalCurrency": "EUR", "ledger": "{{p[1]}}" }""")) + "]";

    private Task WriteFileAsync(params string[] members) => File.WriteAllTextAsync(FilePath, "{" + string.Join(",", members) + "}");
}
