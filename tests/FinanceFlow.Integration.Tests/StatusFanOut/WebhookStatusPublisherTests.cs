using System.Net;
using System.Text;
using FinanceFlow.Connectors;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace FinanceFlow.Integration.Tests.StatusFanOut;

public sealed class WebhookStatusPublisherTests : IDisposable
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private readonly WireMockServer _receiver = WireMockServer.Start();

    [Fact]
    public async Task PublishAsync_Subscriber_GetsTheCloudEventWithAValidStandardWebhooksSignature()
    {
        // Arrange
        _receiver.Given(Request.Create().WithPath("/status").UsingPost()).RespondWith(Response.Create().WithStatusCode(204));
        using var provider = Build();
        var statusEvent = StatusEventSamples.Posted();

        // Act
        var answer = await Publisher(provider).PublishAsync(Webhook(), statusEvent, StatusEventJson.Serialize(statusEvent), CancellationToken.None);

        // Assert
        Assert.Equal("HTTP 204", answer);
        var request = Assert.Single(_receiver.LogEntries).RequestMessage;
        var body = Encoding.UTF8.GetBytes(request.Body!);
        var verification = StandardWebhook.Verify(
            Secret, Header(request.Headers, "webhook-id"), Header(request.Headers, "webhook-timestamp"), Header(request.Headers, "webhook-signature"),
            body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        Assert.Equal(WebhookVerification.Valid, verification);
        Assert.Equal(statusEvent.Id, Header(request.Headers, "webhook-id"));
        Assert.StartsWith("application/cloudevents+json", Header(request.Headers, "Content-Type"), StringComparison.Ordinal);
        Assert.Equal(statusEvent.Id, StatusEventJson.Deserialize(body)?.Id);
    }

    [Fact]
    public async Task PublishAsync_SubscriberAnswers503_ThrowsOnceWithoutRetryingItself()
    {
        // Arrange
        _receiver.Given(Request.Create().WithPath("/status").UsingPost()).RespondWith(Response.Create().WithStatusCode(HttpStatusCode.ServiceUnavailable));
        using var provider = Build();
        var statusEvent = StatusEventSamples.Posted();

        // Act
        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            Publisher(provider).PublishAsync(Webhook(), statusEvent, StatusEventJson.Serialize(statusEvent), CancellationToken.None));

        // Assert: one attempt; the Durable retry policy of the target is the retry layer.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(_receiver.LogEntries);
    }

    public void Dispose() => _receiver.Stop();

    private StatusTargetSettings Webhook() => new() { Kind = StatusTargetKind.Webhook, Url = _receiver.Url + "/status", Secret = Secret, TimeoutSeconds = 5 };

    private static IStatusPublisher Publisher(ServiceProvider provider) =>
        provider.GetServices<IStatusPublisher>().Single(p => p.Kind == StatusTargetKind.Webhook);

    private static ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Hledger:BaseUrl"] = "http://127.0.0.1:1" }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddFinanceFlowConnectors(configuration);
        return services.BuildServiceProvider();
    }

    private static string? Header(IDictionary<string, WireMock.Types.WireMockList<string>>? headers, string name) =>
        headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
}
