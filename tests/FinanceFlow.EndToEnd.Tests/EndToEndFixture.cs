using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using FinanceFlow.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>Azurite, hledger-web, a WireMock callback receiver and the self-host process, with a task hub of its own.</summary>
public class EndToEndFixture : IAsyncLifetime
{
    public const string CallbackPath = "/callbacks/canonical";

    public EndToEndFixture()
        : this(new HledgerWebProcess())
    {
    }

    /// <param name="ledger">The default ledger's hledger-web, e.g. one started with a chart of accounts.</param>
    protected EndToEndFixture(HledgerWebProcess ledger)
    {
        Hledger = ledger;
    }

    public AzuriteProcess Azurite { get; } = new();

    public HledgerWebProcess Hledger { get; }

    public WireMockServer Callbacks { get; private set; } = null!;

    public string Secret { get; } = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public SelfHostProcess SelfHost { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public BlobServiceClient Blobs => new(Azurite.ConnectionString);

    public QueueServiceClient Queues => new(Azurite.ConnectionString);

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        await Hledger.InitializeAsync();
        await StartMoreAsync();
        Callbacks = WireMockServer.Start();
        Callbacks.Given(Request.Create().WithPath(CallbackPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = Azurite.ConnectionString,
            ["FinanceFlow__SelfHost__TaskHubName"] = "e" + Guid.NewGuid().ToString("N")[..16],
            ["FinanceFlow__SelfHost__MaxQueuePollingInterval"] = "00:00:00.500",
            // Messages a killed process had dequeued come back after this (DTFx default: 5 minutes).
            ["FinanceFlow__SelfHost__QueueVisibilityTimeout"] = "00:00:20",
            ["FinanceFlow__Erp__Hledger__BaseUrl"] = Hledger.BaseUrl,
            ["FinanceFlow__Erp__Hledger__JournalPath"] = Hledger.JournalPath,
            ["FinanceFlow__Sources__canonical__WebhookSecret"] = Secret,
            ["FinanceFlow__Sources__canonical__CallbackUrl"] = Callbacks.Url + CallbackPath,
            ["FinanceFlow__PostingRetry__MaxAttempts"] = "2",
            ["FinanceFlow__PostingRetry__FirstRetrySeconds"] = "0.5",
            // Message intake on the Azurite queue expense-intake (see QueueIntakeTests).
            ["FinanceFlow__Messaging__StorageQueue__Enabled"] = "true",
            ["FinanceFlow__Messaging__StorageQueue__VisibilityTimeout"] = "00:00:05",
            ["FinanceFlow__Messaging__StorageQueue__MaxPollingInterval"] = "00:00:00.250",
        };
        Configure(settings);
        SelfHost = new SelfHostProcess(settings);
        await SelfHost.StartAsync();
        Http = new HttpClient { BaseAddress = SelfHost.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = TestIdentity.Bearer();
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        SelfHost?.Dispose();
        Callbacks?.Stop();
        Callbacks?.Dispose();
        await StopMoreAsync();
        await Hledger.DisposeAsync();
        await Azurite.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts what a derived fixture needs besides Azurite and the default hledger-web, before the self-host starts.</summary>
    protected virtual Task StartMoreAsync() => Task.CompletedTask;

    /// <summary>Stops what <see cref="StartMoreAsync"/> started.</summary>
    protected virtual Task StopMoreAsync() => Task.CompletedTask;

    /// <summary>Adds or changes the self-host's environment.</summary>
    protected virtual void Configure(IDictionary<string, string> settings)
    {
    }

    /// <summary>A sample report with its id replaced, so tests sharing the fixture never collide.</summary>
    public static byte[] Sample(string file, string reportId)
    {
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", file)))!;
        report["reportId"] = reportId;
        return JsonSerializer.SerializeToUtf8Bytes(report);
    }

    /// <summary>Delivers a body as the source system would: Standard Webhooks headers signed with the shared secret.</summary>
    public async Task<HttpResponseMessage> DeliverAsync(byte[] body, string? messageId = null)
    {
        messageId ??= "msg_" + Guid.NewGuid().ToString("N");
        using var request = SignedWebhook.Request("/api/v1/webhooks/canonical", Secret, messageId, body);
        return await Http.SendAsync(request);
    }

    /// <summary>A request with <paramref name="actor"/>'s bearer token (every role), as a signed-in finance user would call; the answer as JSON.</summary>
    public async Task<(int Status, JsonElement Body)> SendAsAsync(string actor, HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        request.Headers.Authorization = TestIdentity.Bearer(actor);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var body = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
        return ((int)response.StatusCode, body.RootElement.Clone());
    }

    /// <summary>
    /// A mapping change under maker–checker: <paramref name="maker"/> proposes it (<c>PUT</c>, 202), <paramref name="checker"/>
    /// approves it; the approval's answer (200 with the new version), or the first refusal.
    /// </summary>
    public async Task<(int Status, JsonElement Body)> ChangeMappingsAsync(string kind, string json, string maker, string checker)
    {
        var (status, body) = await SendAsAsync(maker, HttpMethod.Put, $"/api/v1/mappings/{kind}", json);
        if (status != 202)
        {
            return (status, body);
        }

        var changeId = body.GetProperty("changeId").GetString();
        return await SendAsAsync(checker, HttpMethod.Post, $"/api/v1/mappings/{kind}/changes/{changeId}/approve", null);
    }

    /// <summary><c>GET /api/v1/reports/canonical/{id}</c> as JSON.</summary>
    public async Task<JsonElement> ReportAsync(string reportId)
    {
        using var response = await Http.GetAsync($"/api/v1/reports/canonical/{reportId}");
        response.EnsureSuccessStatusCode();
        return (await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync())).RootElement.Clone();
    }

    /// <summary>Waits for <paramref name="condition"/> on the report view; on time-out says what the report, its run and the self-host showed.</summary>
    public async Task<JsonElement> WaitForReportAsync(string reportId, Func<JsonElement, bool> condition, TimeSpan timeout, string what)
    {
        JsonElement view = default;
        try
        {
            await WaitFor.ConditionAsync(
                async () =>
                {
                    view = await ReportAsync(reportId);
                    return condition(view);
                },
                timeout,
                what);
        }
        catch (TimeoutException ex)
        {
            var instance = view.ValueKind == JsonValueKind.Object
                ? await Http.GetStringAsync($"/runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(view.GetProperty("instanceId").GetString()!)}").ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : t.Exception?.Message, TaskScheduler.Default)
                : null;
            var log = SelfHost.Output;
            throw new TimeoutException($"{ex.Message}\nreport: {view}\ninstance: {instance}\nself-host log (tail): {log[Math.Max(0, log.Length - 4000)..]}", ex);
        }

        return view;
    }

    /// <summary>Waits until the report's outcome is no longer Pending and returns the view.</summary>
    public Task<JsonElement> WaitForOutcomeAsync(string reportId, TimeSpan timeout) =>
        WaitForReportAsync(
            reportId,
            view => view.GetProperty("outcome").GetString() != "Pending" && view.GetProperty("runtimeStatus").GetString() is "Completed",
            timeout,
            $"report {reportId} to finish");
}
