using System.Net;
using FinanceFlow.Api;
using FinanceFlow.Core.Security;
using FinanceFlow.SelfHost.Engine;
using FinanceFlow.SelfHost.Health;
using FinanceFlow.SelfHost.Identity;
using FinanceFlow.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.SelfHost.Tests;

/// <summary>A real Azurite plus the engine, client, Durable instance API and health route on a real Kestrel port, with its own task hub.</summary>
public sealed class EngineFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public AzuriteProcess Azurite { get; } = new();

    public string TaskHubName { get; } = "t" + Guid.NewGuid().ToString("N")[..16];

    public DurableTaskClient Client => _app!.Services.GetRequiredService<DurableTaskClient>();

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        _app = BuildApp(Azurite.ConnectionString, TaskHubName, FreePort.Get());
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
        Http.DefaultRequestHeaders.Authorization = TestIdentity.Bearer("admin@example.com", FinanceFlowRoles.Admin);
        await WaitFor.ConditionAsync(
            async () => (await Http.GetAsync(HealthEndpoint.Route)).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60),
            "the Durable worker to start");
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await Azurite.DisposeAsync();
    }

    /// <summary>The engine and HTTP surface minus the FinanceFlow workflow, so the engine is tested on its own.</summary>
    public static WebApplication BuildApp(string connectionString, string taskHubName, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageAccountClientProviderFactory.SettingName] = connectionString,
            [$"{SelfHostOptions.SectionName}:{nameof(SelfHostOptions.TaskHubName)}"] = taskHubName,
            [$"{SelfHostOptions.SectionName}:{nameof(SelfHostOptions.MaxQueuePollingInterval)}"] = "00:00:00.250",
        });
        builder.Configuration.AddInMemoryCollection(TestIdentity.Settings().Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddDurableTaskFrameworkEngine(builder.Configuration, TestWorkflows.Catalog);
        builder.Services.AddFinanceFlowApi();
        builder.Services.AddFinanceFlowBearerAuthentication();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDurableManagement();
        app.MapSelfHostHealth();
        return app;
    }
}
