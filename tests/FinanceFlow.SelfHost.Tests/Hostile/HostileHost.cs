using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DurableTask.AzureStorage;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;
using FinanceFlow.Emulators.Concur;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.SelfHost.Engine;
using FinanceFlow.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.SelfHost.Tests.Hostile;

/// <summary>
/// The real self-host (<c>Program</c>, its whole pipeline, real Azurite storage) for the hostile corpus, with webhook secrets, the
/// Concur FIS emulator, the sample master data loaded and one posted report to pay. The Durable worker and the listeners do not run:
/// an admitted report is scheduled on the task hub and stays there, so nothing but the request under test costs CPU.
/// </summary>
public sealed class HostileHost : IAsyncLifetime
{
    /// <summary>The corpus tests share one host and run one after another, so each body's time is its own.</summary>
    public const string Collection = "hostile corpus";

    /// <summary>The report the payment corpus pays: posted, in USD, for far more than any generated payment.</summary>
    public static readonly ReportKey PostedReport = new(SourceNames.Canonical, "HOSTILE-PAY-1");

    private readonly AzuriteProcess _azurite = new();

    public ConcurFisEmulator Concur { get; } = new ConcurFisEmulator().ServeExample();

    public string CanonicalSecret { get; } = NewSecret();

    public string ConcurSecret { get; } = NewSecret();

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => Factory.Services;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        var settings = new Dictionary<string, string>
        {
            [StorageAccountClientProviderFactory.SettingName] = _azurite.ConnectionString,
            [$"{SelfHostOptions.SectionName}:{nameof(SelfHostOptions.TaskHubName)}"] = "hostile" + Guid.NewGuid().ToString("N")[..12],
            ["FinanceFlow:Sources:canonical:WebhookSecret"] = CanonicalSecret,
            ["FinanceFlow:Sources:concur:WebhookSecret"] = ConcurSecret,
            ["FinanceFlow:Sources:concur:Fis:Enabled"] = "true",
            ["FinanceFlow:Sources:concur:Fis:BaseUrl"] = Concur.Url,
            ["FinanceFlow:Sources:concur:Fis:ClientId"] = ConcurFisEmulator.ClientId,
            ["FinanceFlow:Sources:concur:Fis:ClientSecret"] = ConcurFisEmulator.ClientSecret,
            ["FinanceFlow:Sources:concur:Fis:CompanyRefreshToken"] = ConcurFisEmulator.RefreshToken,
            ["FinanceFlow:Sources:concur:Fis:TokenStore:Path"] = Concur.TokenStorePath,
        };
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings.Concat(TestIdentity.Settings()))
            {
                web.UseSetting(key, value);
            }

            web.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Error));
            web.ConfigureTestServices(services =>
            {
                // Everything in the background (the Durable worker, schedules, queue listeners) stays off; TestServer's own host stays.
                foreach (var hosted in services.Where(IsFinanceFlowBackground).ToList())
                {
                    services.Remove(hosted);
                }
            });
        });
        Http = Factory.CreateClient();
        Http.DefaultRequestHeaders.Authorization = TestIdentity.Bearer(TestIdentity.OperatorName);
        Http.Timeout = TimeSpan.FromMinutes(2);
        await Services.GetRequiredService<AzureStorageOrchestrationService>().CreateIfNotExistsAsync();
        await LoadMasterDataAsync();
        await PostReportAsync();

        // The first Concur delivery pays for the token and the emulator's warm-up; no body should be timed with that.
        using var warmUp = SignedWebhook(SourceNames.Concur, new HostileBody("warm-up", Encoding.UTF8.GetBytes(Concur.ReadyEvent())));
        using var warmed = await Http.SendAsync(warmUp);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Factory.DisposeAsync();
        Concur.Dispose();
        await _azurite.DisposeAsync();
    }

    /// <summary>A webhook delivery of <paramref name="body"/> to <paramref name="source"/>, signed with the source's secret so it reaches the parser.</summary>
    public HttpRequestMessage SignedWebhook(string source, HostileBody body, string? messageId = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var secret = source == SourceNames.Concur ? ConcurSecret : CanonicalSecret;
        var id = messageId ?? "msg_" + Guid.NewGuid().ToString("N");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var request = Request(HttpMethod.Post, $"/api/v1/webhooks/{source}", body);
        request.Headers.Add(StandardWebhook.IdHeader, id);
        request.Headers.Add(StandardWebhook.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(StandardWebhook.SignatureHeader, StandardWebhook.Sign(secret, id, timestamp, body.Bytes));
        return request;
    }

    /// <summary>A request carrying <paramref name="body"/> as its content, with the body's media type.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, HostileBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var content = new ByteArrayContent(body.Bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(body.MediaType);
        return new HttpRequestMessage(method, path) { Content = content };
    }

    private static bool IsFinanceFlowBackground(ServiceDescriptor descriptor)
    {
        if (descriptor.ServiceType != typeof(IHostedService))
        {
            return false;
        }

        var type = descriptor.ImplementationType ?? descriptor.ImplementationFactory?.Method.DeclaringType ?? descriptor.ImplementationInstance?.GetType();
        return type?.Assembly is { } assembly
            && (assembly == typeof(DurableTaskFrameworkHost).Assembly || assembly == typeof(Workflows.Intake.WebhookIntake).Assembly);
    }

    private async Task LoadMasterDataAsync()
    {
        var all = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "samples", "masterdata", "masterdata.json")))!.AsObject();
        foreach (var (kind, records) in all)
        {
            using var request = Request(HttpMethod.Put, $"/api/v1/masterdata/{kind}", new HostileBody("sample", Encoding.UTF8.GetBytes(records!.ToJsonString())));
            using var response = await Http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"loading {kind}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private async Task PostReportAsync()
    {
        var now = DateTimeOffset.UtcNow;
        await Services.GetRequiredService<IReportStatusStore>().UpsertAsync(
            new ReportStatusRecord(
                PostedReport.Source, PostedReport.ReportId, 1, PostedReport.InstanceId(1), ReportStage.Completed, ReportOutcome.Posted,
                "E100", "Pat Payee", "USD", 1_000_000_000m, "JE-1", null, [], now, now),
            CancellationToken.None);
    }

    private static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}

/// <summary>One <see cref="HostileHost"/> for every corpus test.</summary>
[CollectionDefinition(HostileHost.Collection)]
public sealed class HostileCollection : ICollectionFixture<HostileHost>;
