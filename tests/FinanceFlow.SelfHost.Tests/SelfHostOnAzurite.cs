using FinanceFlow.SelfHost.Engine;
using FinanceFlow.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FinanceFlow.SelfHost.Tests;

/// <summary>
/// One self-host (the real <c>Program</c>) on one Azurite of its own, with a task hub of its own and the test identity's signing
/// key, for every case of a test class. Linked into FinanceFlow.Cli.Tests, whose commands call it over HTTP.
/// </summary>
public sealed class SelfHostOnAzurite : IAsyncLifetime
{
    private readonly AzuriteProcess _azurite = new();

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public string ConnectionString => _azurite.ConnectionString;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting(StorageAccountClientProviderFactory.SettingName, _azurite.ConnectionString);
            web.UseSetting($"{SelfHostOptions.SectionName}:{nameof(SelfHostOptions.TaskHubName)}", "h" + Guid.NewGuid().ToString("N")[..16]);
            foreach (var (key, value) in TestIdentity.Settings())
            {
                web.UseSetting(key, value);
            }
        });
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}
