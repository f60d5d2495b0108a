using System.Text.Json;
using Azure.Storage.Queues;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>
/// The self-host with two status fan-out targets: the local Storage queue <c>expense-status</c> on Azurite (target 0) and a payroll
/// webhook that is down (target 1, answers 503), so every run shows one target failing beside one that works.
/// </summary>
public sealed class StatusFanOutFixture : EndToEndFixture
{
    public const string StatusQueue = "expense-status";
    public const string PayrollTarget = "payroll-webhook";

    public WireMockServer Payroll { get; private set; } = null!;

    public QueueClient StatusEvents => Queues.GetQueueClient(StatusQueue);

    /// <summary>Receives and deletes every status event now on the queue, with the instant it was read.</summary>
    public async Task<IReadOnlyList<ReceivedStatusEvent>> DrainAsync()
    {
        var queue = StatusEvents;
        var received = new List<ReceivedStatusEvent>();
        if (!(await queue.ExistsAsync()).Value)
        {
            return received;
        }

        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value;
            var at = DateTimeOffset.UtcNow;
            if (batch.Length == 0)
            {
                return received;
            }

            foreach (var message in batch)
            {
                var json = Convert.FromBase64String(message.MessageText);
                using var document = JsonDocument.Parse(json);
                received.Add(new ReceivedStatusEvent(document.RootElement.Clone(), json, at));
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }

    protected override Task StartMoreAsync()
    {
        Payroll = WireMockServer.Start();
        Payroll.Given(Request.Create().WithPath("/payroll/status").UsingPost()).RespondWith(Response.Create().WithStatusCode(503));
        return Task.CompletedTask;
    }

    protected override Task StopMoreAsync()
    {
        Payroll.Stop();
        Payroll.Dispose();
        return Task.CompletedTask;
    }

    protected override void Configure(IDictionary<string, string> settings)
    {
        settings["FinanceFlow__StatusFanOut__Targets__0__Kind"] = "StorageQueue";
        settings["FinanceFlow__StatusFanOut__Targets__0__QueueName"] = StatusQueue;
        settings["FinanceFlow__StatusFanOut__Targets__0__FirstRetrySeconds"] = "0.5";
        settings["FinanceFlow__StatusFanOut__Targets__1__Kind"] = "Webhook";
        settings["FinanceFlow__StatusFanOut__Targets__1__Name"] = PayrollTarget;
        settings["FinanceFlow__StatusFanOut__Targets__1__Url"] = Payroll.Url + "/payroll/status";
        settings["FinanceFlow__StatusFanOut__Targets__1__Secret"] = Secret;
        settings["FinanceFlow__StatusFanOut__Targets__1__MaxAttempts"] = "2";
        settings["FinanceFlow__StatusFanOut__Targets__1__FirstRetrySeconds"] = "0.5";
        settings["FinanceFlow__StatusFanOut__Targets__1__TimeoutSeconds"] = "5";
    }
}

/// <summary>One status event read from the local queue: the CloudEvent, its bytes and when the reader got it.</summary>
public sealed record ReceivedStatusEvent(JsonElement Event, byte[] Json, DateTimeOffset ReadAt)
{
    public string Type => Event.GetProperty("type").GetString()!;

    public string Subject => Event.GetProperty("subject").GetString()!;

    public JsonElement Data => Event.GetProperty("data");
}
