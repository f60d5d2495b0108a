using System.Net;
using System.Text;
using System.Text.Json;
using FinanceFlow.Connectors;
using FinanceFlow.Connectors.Callbacks;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace FinanceFlow.Integration.Tests.Callbacks;

public sealed class SourceCallbackClientTests : IDisposable
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private readonly WireMockServer _receiver = WireMockServer.Start();

    [Fact]
    public async Task SendAsync_ConfiguredSource_ArrivesWithSignatureTheReceiverAccepts()
    {
        // Arrange
        _receiver.Given(Request.Create().WithPath("/callbacks").UsingPost()).RespondWith(Response.Create().WithStatusCode(204));
        using var provider = Build();
        var callback = Callback();

        // Act
        var delivery = await provider.GetRequiredService<ISourceCallbackClient>().SendAsync(callback, "msg-123", CancellationToken.None);

        // Assert
        Assert.Equal(CallbackDelivery.Delivered, delivery);
        var request = Assert.Single(_receiver.LogEntries).RequestMessage;
        var body = Encoding.UTF8.GetBytes(request.Body!);
        var verification = StandardWebhook.Verify(
            Secret, Header(request.Headers, "webhook-id"), Header(request.Headers, "webhook-timestamp"), Header(request.Headers, "webhook-signature"),
            body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        Assert.Equal(WebhookVerification.Valid, verification);
        Assert.Equal("msg-123", Header(request.Headers, "webhook-id"));
        var received = JsonSerializer.Deserialize<StatusCallback>(body, FinanceFlowJson.Options);
        Assert.Equal(ReportOutcome.Posted, received?.Status);
        Assert.Equal("DOC-1", received?.ErpDocumentNumber);
        Assert.Contains("\"status\":\"Posted\"", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ReceiverFailsOnce_SendsOnceAndTheCallersRetryResendsTheSameMessage()
    {
        // Arrange
        _receiver.Given(Request.Create().WithPath("/callbacks").UsingPost())
            .InScenario("flaky").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.ServiceUnavailable));
        _receiver.Given(Request.Create().WithPath("/callbacks").UsingPost())
            .InScenario("flaky").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.OK));
        using var provider = Build();

        var client = provider.GetRequiredService<ISourceCallbackClient>();

        // Act: the first attempt fails with one request; the activity's retry sends again.
        var failed = await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(Callback(), "msg-retry", CancellationToken.None));
        var sentOnce = _receiver.LogEntries.Count();
        var delivery = await client.SendAsync(Callback(), "msg-retry", CancellationToken.None);

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(1, sentOnce);
        Assert.Equal(CallbackDelivery.Delivered, delivery);
        Assert.Equal(2, _receiver.LogEntries.Count());
        Assert.All(_receiver.LogEntries, e => Assert.Equal("msg-retry", Header(e.RequestMessage.Headers, "webhook-id")));
    }

    [Fact]
    public async Task SendAsync_ReceiverRejects_ThrowsWithStatus()
    {
        // Arrange
        _receiver.Given(Request.Create().WithPath("/callbacks").UsingPost()).RespondWith(Response.Create().WithStatusCode(HttpStatusCode.BadRequest));
        using var provider = Build();

        // Act
        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            provider.GetRequiredService<ISourceCallbackClient>().SendAsync(Callback(), "msg-400", CancellationToken.None));

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task SendAsync_SourceWithoutCallbackUrl_ReportsNotConfigured()
    {
        using var provider = Build();

        var delivery = await provider.GetRequiredService<ISourceCallbackClient>().SendAsync(Callback() with { Source = "expensify" }, "m", CancellationToken.None);

        Assert.Equal(CallbackDelivery.NotConfigured, delivery);
        Assert.Empty(_receiver.LogEntries);
    }

    public void Dispose() => _receiver.Stop();

    private static StatusCallback Callback() =>
        new("concur", "RPT-1", 2, ReportOutcome.Posted, "DOC-1", [new Finding("late", "Submitted late", null, FindingSeverity.Warning)], DateTimeOffset.UtcNow);

    private static string? Header(IDictionary<string, WireMock.Types.WireMockList<string>>? headers, string name) =>
        headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    private ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FinanceFlow:Sources:concur:WebhookSecret"] = Secret,
            ["FinanceFlow:Sources:concur:CallbackUrl"] = _receiver.Url + "/callbacks",
            ["FinanceFlow:Sources:expensify:WebhookSecret"] = Secret,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<FinanceFlowOptions>().BindConfiguration(FinanceFlowOptions.SectionName);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFinanceFlowConnectors(configuration);
        return services.BuildServiceProvider();
    }
}
