using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.SelfHost.Engine;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Intake;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.SelfHost.Tests;

/// <summary>
/// The real self-host while its storage (Azurite, stopped and started again on the same data) is away: the webhook answers 503 with
/// Retry-After within seconds and then at once, <c>/health</c> says storage is down, and the same delivery sent again once storage is
/// back is taken exactly once.
/// </summary>
public sealed class StorageOutageIntakeTests : IAsyncLifetime
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(3);
    private readonly AzuriteProcess _azurite = new();
    private readonly string _secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting(StorageAccountClientProviderFactory.SettingName, _azurite.ConnectionString);
            web.UseSetting($"{SelfHostOptions.SectionName}:{nameof(SelfHostOptions.TaskHubName)}", "o" + Guid.NewGuid().ToString("N")[..16]);
            web.UseSetting("FinanceFlow:Sources:canonical:WebhookSecret", _secret);
            foreach (var (key, value) in TestIdentity.Settings())
            {
                web.UseSetting(key, value);
            }

            // The engine's own complaints while storage is away are not what this test reads.
            web.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Critical));
        });
        _http = _factory.CreateClient();
        _http.Timeout = TimeSpan.FromSeconds(60);
    }

    public async Task DisposeAsync()
    {
        if (_azurite.IsStopped)
        {
            await _azurite.StartAgainAsync();
        }

        _http.Dispose();
        await _factory.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task Webhook_StorageStoppedThenBack_503WithRetryAfterAtOnceThenTheSameMessageIdTakenOnce()
    {
        var body = SampleReports.CanonicalJson();
        const string MessageId = "msg_outage_1";
        await WaitForHealthAsync(HttpStatusCode.OK, "the self-host to be healthy before the outage");

        await _azurite.StopAsync();

        // The first deliveries wait for storage at most the storage timeout; then the circuit is open and refuses at once.
        var circuit = _factory.Services.GetRequiredService<IntakeStorageCircuit>();
        var refusals = new List<(TimeSpan Took, HttpResponseMessage Answer)>();
        for (var attempt = 0; attempt < 5 && !circuit.IsOpen; attempt++)
        {
            refusals.Add(await TimedAsync(() => _http.SendAsync(Signed(body, MessageId))));
        }

        var (fastTook, fast) = await TimedAsync(() => _http.SendAsync(Signed(body, MessageId)));
        var wrongSignature = await _http.SendAsync(Signed(body, MessageId, secret: "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        var unsigned = await _http.PostAsync("/api/v1/webhooks/canonical", new StringContent(body, Encoding.UTF8, "application/json"));
        var (healthStatus, health) = await HealthAsync();

        Assert.True(circuit.IsOpen, $"the circuit did not open after {refusals.Count} refused deliveries");
        foreach (var (took, answer) in refusals.Append((fastTook, fast)))
        {
            Assert.True(took < Quick, $"a delivery took {took} while storage was down");
            await AssertStorageUnavailableAsync(answer);
        }

        Assert.True(fastTook < TimeSpan.FromMilliseconds(250), $"the open circuit took {fastTook} to refuse");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSignature.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, healthStatus);
        Assert.Equal(("degraded", "down"), (health.GetProperty("status").GetString(), health.GetProperty("dependencies").GetProperty("storage").GetString()));

        await _azurite.StartAgainAsync();
        await WaitForHealthAsync(HttpStatusCode.OK, "/health to be 200 again once storage is back");
        var accepted = await SendAsASenderWouldAsync(body, MessageId);
        var again = await _http.SendAsync(Signed(body, MessageId));

        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"{accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var instanceId = new ReportKey("canonical", "R-1001").InstanceId(1);
        Assert.Equal(instanceId, (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        await AssertTakenOnceAsync(instanceId);
    }

    private static async Task AssertStorageUnavailableAsync(HttpResponseMessage answer)
    {
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://financeflow.dev/problems/storage-unavailable", problem.GetProperty("type").GetString());
        Assert.InRange(answer.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
    }

    /// <summary>One run, one status row, one Accepted intake row for the report; the resend a Redelivered one.</summary>
    private async Task AssertTakenOnceAsync(string instanceId)
    {
        var services = _factory.Services;
        var runs = new List<OrchestrationMetadata>();
        await foreach (var run in services.GetRequiredService<DurableTaskClient>().GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "expense:canonical:" }))
        {
            runs.Add(run);
        }

        var statusRows = new TableServiceClient(_azurite.ConnectionString).GetTableClient(TableReportStatusStore.TableName)
            .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"canonical"}"));
        var rows = new List<TableEntity>();
        await foreach (var row in statusRows)
        {
            rows.Add(row);
        }

        var intake = (await services.GetRequiredService<IAuditTrail>().ReadAsync(new ReportKey("canonical", "R-1001"), CancellationToken.None))
            .Where(r => r.Step == AuditSteps.Intake).Select(r => r.Outcome).ToList();

        Assert.Equal([instanceId], runs.Select(r => r.InstanceId));
        Assert.Equal([instanceId], rows.Select(r => r.GetString("InstanceId")));
        Assert.Equal([AuditOutcomes.Accepted, AuditOutcomes.Redelivered], intake);
    }

    /// <summary>Sends the delivery, and again after <c>Retry-After</c> while it is answered 503 (a storage just back may be slow at first).</summary>
    private async Task<HttpResponseMessage> SendAsASenderWouldAsync(string body, string messageId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            var answer = await _http.SendAsync(Signed(body, messageId));
            if (answer.StatusCode != HttpStatusCode.ServiceUnavailable || DateTimeOffset.UtcNow > deadline)
            {
                return answer;
            }

            await Task.Delay(answer.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
        }
    }

    private HttpRequestMessage Signed(string body, string messageId, string? secret = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/canonical") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(StandardWebhook.IdHeader, messageId);
        request.Headers.Add(StandardWebhook.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(StandardWebhook.SignatureHeader, StandardWebhook.Sign(secret ?? _secret, messageId, timestamp, bytes));
        return request;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> HealthAsync()
    {
        using var response = await _http.GetAsync("/health");
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private Task WaitForHealthAsync(HttpStatusCode expected, string what) =>
        WaitFor.ConditionAsync(async () => (await HealthAsync()).Status == expected, TimeSpan.FromSeconds(90), what);

    private static async Task<(TimeSpan Took, HttpResponseMessage Answer)> TimedAsync(Func<Task<HttpResponseMessage>> send)
    {
        var clock = Stopwatch.StartNew();
        var answer = await send();
        return (clock.Elapsed, answer);
    }
}
