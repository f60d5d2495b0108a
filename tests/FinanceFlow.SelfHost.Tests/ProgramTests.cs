using System.Net;
using FinanceFlow.Core.Security;
using FinanceFlow.SelfHost.Engine;
using FinanceFlow.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.SelfHost.Tests;

/// <summary>The real <c>Program</c> (workflow catalog and all) on Azurite, hosted in memory.</summary>
public sealed class ProgramTests(AzuriteProcess azurite) : IClassFixture<AzuriteProcess>, IDisposable
{
    private readonly WebApplicationFactory<Program> _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
    {
        web.UseSetting(StorageAccountClientProviderFactory.SettingName, azurite.ConnectionString);
        web.UseSetting($"{SelfHostOptions.SectionName}:{nameof(SelfHostOptions.TaskHubName)}", "p" + Guid.NewGuid().ToString("N")[..16]);
        web.UseSetting($"{SelfHostOptions.SectionName}:{nameof(SelfHostOptions.MaxQueuePollingInterval)}", "00:00:00.250");
        foreach (var (key, value) in TestIdentity.Settings())
        {
            web.UseSetting(key, value);
        }
    });

    /// <summary>The routes the Functions app exposes, method and template: both hosts serve the same API (the console under the api prefix there).</summary>
    public static readonly string[] ExpectedRoutes =
    [
        "POST /api/v1/webhooks/{source}",
        "GET /api/v1/reports/{source}/{reportId}",
        "GET /api/v1/reports/{source}/{reportId}/story",
        "POST /api/v1/reports/{source}/{reportId}/retry",
        "POST /api/v1/reports/{source}/{reportId}/resubmit",
        "POST /api/v1/reports/{source}/{reportId}/resolution",
        "POST /api/v1/reports/{source}/{reportId}/payment",
        "POST /api/v1/reports/{source}/{reportId}/status-events/republish",
        "GET /api/v1/reports/{source}/{reportId}/audit/verify",
        "GET /api/v1/cards/{entity}/{batchId}",
        "POST /api/v1/preview/{source}",
        "GET /api/v1/masterdata/{kind}",
        "PUT /api/v1/masterdata/{kind}",
        "POST /api/v1/masterdata/sync",
        "GET /api/v1/exceptions",
        "GET /api/v1/metrics",
        "POST /api/v1/reconciliations",
        "GET /api/v1/reconciliations",
        "GET /api/v1/reconciliations/{runId}",
        "GET /api/v1/mappings/{kind}",
        "PUT /api/v1/mappings/{kind}",
        "GET /api/v1/mappings/{kind}/changes",
        "GET /api/v1/mappings/{kind}/changes/{changeId}",
        "POST /api/v1/mappings/{kind}/changes/{changeId}/approve",
        "POST /api/v1/mappings/{kind}/changes/{changeId}/reject",
        "GET /runtime/webhooks/durabletask/instances",
        "GET /runtime/webhooks/durabletask/instances/{instanceId}",
        "POST /runtime/webhooks/durabletask/instances/{instanceId}/raiseEvent/{eventName}",
        "POST /runtime/webhooks/durabletask/instances/{instanceId}/terminate",
        "DELETE /runtime/webhooks/durabletask/instances/{instanceId}",
        "GET /health",
        "GET /openapi/v1.json",
        "GET /console/{*path}",
    ];

    [Fact]
    public void MapFinanceFlow_Endpoints_AreExactlyTheSharedRoutes()
    {
        var endpoints = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

        var routes = endpoints.SelectMany(e =>
            (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"));

        Assert.Equal(ExpectedRoutes.Order(), routes.Order());
    }

    [Fact]
    public async Task Health_WithWorkflowCatalog_BecomesOk()
    {
        using var http = _factory.CreateClient();

        await WaitFor.ConditionAsync(
            async () => (await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60),
            "the self-host with the workflow catalog to report healthy");
    }

    [Fact]
    public async Task Webhook_UnknownSource_ProblemDetails()
    {
        using var http = _factory.CreateClient();

        var response = await http.PostAsync("/api/v1/webhooks/nowhere", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task MasterDataAndMappings_CsvImportThenMappingChange_ServedByTheSelfHost()
    {
        using var http = _factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = TestIdentity.Bearer("erika@contoso.com", FinanceFlowRoles.Reader, FinanceFlowRoles.MasterData);
        var entity = "E" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var csv = $"code,functionalCurrency,ledger,openPeriods\n{entity},EUR,de,2026-11;2026-12\n";
        using var entities = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        using var accounts = new StringContent($$"""[{"entity":"{{entity}}","account":"expenses:travel"}]""", System.Text.Encoding.UTF8, "application/json");
        using var mapping = new StringContent(
            $$"""{"rules":[{"entity":"{{entity}}","source":"Taxi","target":"expenses:travel","effectiveFrom":"2026-01-01"}]}""", System.Text.Encoding.UTF8, "application/json");

        var imported = await http.PutAsync("/api/v1/masterdata/legal-entities?mode=merge", entities);
        var importedAccounts = await http.PutAsync("/api/v1/masterdata/gl-accounts?mode=merge", accounts);
        var proposed = await http.PutAsync("/api/v1/mappings/expense-types", mapping);
        var beforeApproval = await http.GetStringAsync($"/api/v1/mappings/expense-types?entity={entity}&at=2026-11-26");
        using var checker = new HttpRequestMessage(HttpMethod.Post, proposed.Headers.Location + "/approve");
        checker.Headers.Authorization = TestIdentity.Bearer("bob@contoso.com", FinanceFlowRoles.MasterData);
        var approved = await http.SendAsync(checker);
        var listed = await http.GetStringAsync($"/api/v1/mappings/expense-types?entity={entity}&at=2026-11-26");

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(HttpStatusCode.OK, importedAccounts.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        Assert.DoesNotContain("Taxi", beforeApproval, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Contains("\"changedBy\":\"erika@contoso.com\"", listed, StringComparison.Ordinal);
        Assert.Contains("\"approvedBy\":\"bob@contoso.com\"", listed, StringComparison.Ordinal);
        Assert.Contains("\"openPeriods\":[\"2026-11\",\"2026-12\"]", await http.GetStringAsync($"/api/v1/masterdata/legal-entities?entity={entity}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MasterDataSync_OnStartupAndSyncNow_LoadsTheFileWithoutClashingWithKindRoutes()
    {
        var entity = "S" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var file = Path.Combine(Path.GetTempPath(), $"financeflow-masterdata-{entity}.json");
        await File.WriteAllTextAsync(file, $$"""{"legal-entities":[{"code":"{{entity}}","functionalCurrency":"EUR","ledger":"nowhere"}]}""");
        using var factory = _factory.WithWebHostBuilder(web =>
        {
            web.UseSetting("FinanceFlow:MasterData:SyncFile", file);
            web.UseSetting("FinanceFlow:MasterData:SyncOnStartup", "true");
        });
        using var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = TestIdentity.Bearer();

        await WaitFor.ConditionAsync(
            async () => (await http.GetStringAsync($"/api/v1/masterdata/legal-entities?entity={entity}")).Contains(entity, StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            "the start-up sync to load the legal entity of the master-data file");
        await File.WriteAllTextAsync(file, $$"""{"legal-entities":[{"code":"{{entity}}","functionalCurrency":"EUR","ledger":"nowhere"}],"cost-centers":[{"entity":"{{entity}}","code":"CC-1"}]}""");
        var synced = await http.PostAsync("/api/v1/masterdata/sync", null);
        var getSync = await http.GetAsync("/api/v1/masterdata/sync");
        File.Delete(file);

        Assert.Equal(HttpStatusCode.OK, synced.StatusCode);
        using var answer = System.Text.Json.JsonDocument.Parse(await synced.Content.ReadAsStringAsync());
        var text = answer.RootElement.GetProperty("text").GetString();
        Assert.Contains("cost-centers masterdata-file: 1 added, 0 changed, 0 deactivated", text, StringComparison.Ordinal);
        Assert.Contains("problem erp:nowhere gl-accounts: Ledger 'nowhere' is not configured", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, getSync.StatusCode);
    }

    [Fact]
    public void Start_BadMasterDataSyncSchedule_FailsNamingTheSetting()
    {
        using var factory = _factory.WithWebHostBuilder(web => web.UseSetting("FinanceFlow:MasterData:SyncSchedule", "every night"));

        var error = Assert.ThrowsAny<Exception>(() => factory.Services);

        Assert.Contains("FinanceFlow:MasterData:SyncSchedule 'every night' is not an NCRONTAB expression", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_WithoutAnIssuerToTrust_FailsNamingTheSection()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting(StorageAccountClientProviderFactory.SettingName, azurite.ConnectionString);
            web.UseSetting($"{SelfHostOptions.SectionName}:{nameof(SelfHostOptions.TaskHubName)}", "p" + Guid.NewGuid().ToString("N")[..16]);
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.Services);

        Assert.Contains("Authentication:Schemes:Bearer is not configured", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _factory.Dispose();
}
