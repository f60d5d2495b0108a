using System.Text;
using Azure.Storage.Queues;
using FinanceFlow.Core.Model;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.Intake.Messaging;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace FinanceFlow.Workflows.Tests.Intake.Messaging;

/// <summary>
/// The Storage Queue listener with the real message handler while the storage it keeps and admits into (an Azurite of its own) is
/// stopped and started again on the same data; the queue lives on another Azurite that stays up. The message is never poisoned for
/// the outage: held and taken as storage comes back, or abandoned and taken on its next delivery.
/// </summary>
[Trait("Category", "Integration")]
public sealed class QueueIntakeOutageTests : IAsyncLifetime
{
    private readonly AzuriteProcess _storage = new();
    private readonly AzuriteProcess _queueAccount = new();
    private QueueClient _queue = null!;
    private QueueClient _poison = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(_storage.InitializeAsync(), _queueAccount.InitializeAsync());
        var queues = new QueueServiceClient(_queueAccount.ConnectionString);
        _queue = queues.GetQueueClient("expense-intake");
        _poison = queues.GetQueueClient("expense-intake-poison");
        await _queue.CreateIfNotExistsAsync();
        await _poison.CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync()
    {
        if (_storage.IsStopped)
        {
            await _storage.StartAgainAsync();
        }

        await Task.WhenAll(_storage.DisposeAsync(), _queueAccount.DisposeAsync());
    }

    [Fact]
    public async Task ReceiveOnceAsync_StorageDownLongerThanTheHold_AbandonsTheMessageNotToPoisonAndTakesItOnceStorageIsBack()
    {
        var intake = new IntakeOptions { MessageHold = TimeSpan.FromSeconds(1), BreakDuration = TimeSpan.FromSeconds(2) };
        var queue = new StorageQueueIntakeOptions { VisibilityTimeout = TimeSpan.FromSeconds(3), MaxDequeueCount = 2 };
        var (harness, listener) = Listener(intake, queue);
        await _storage.StopAsync();
        await SendAsync("evt-outage-1");

        var disposition = await HandleOneAsync(listener, queue);

        Assert.Equal(IntakeDisposition.Abandon, disposition);
        Assert.Equal(1, await CountAsync(_queue));
        Assert.Equal(0, await CountAsync(_poison));
        Assert.Empty(harness.Instances);

        await _storage.StartAgainAsync();
        await WaitFor.ConditionAsync(
            async () => await listener.ReceiveOnceAsync(_queue, CancellationToken.None) == 1 && await CountAsync(_queue) == 0,
            TimeSpan.FromSeconds(60),
            "the abandoned message to come back and be taken");

        Assert.Equal(0, await CountAsync(_poison));
        Assert.Equal([InstanceId], harness.Instances.Keys);
        Assert.Equal(1, await AcceptedRowsAsync(harness));
    }

    [Fact]
    public async Task ReceiveOnceAsync_StorageBackWithinTheHold_TakesTheMessageInTheSameDelivery()
    {
        var intake = new IntakeOptions { MessageHold = TimeSpan.FromSeconds(20), BreakDuration = TimeSpan.FromSeconds(1) };
        var queue = new StorageQueueIntakeOptions { VisibilityTimeout = TimeSpan.FromSeconds(60), MaxDequeueCount = 1 };
        var (harness, listener) = Listener(intake, queue);
        await _storage.StopAsync();
        await SendAsync("evt-outage-2");

        var receiving = HandleOneAsync(listener, queue);
        await WaitFor.ConditionAsync(() => Task.FromResult(harness.Circuit.State != CircuitState.Closed), TimeSpan.FromSeconds(30), "the handler to open the circuit on storage down");
        await _storage.StartAgainAsync();
        var disposition = await receiving;

        Assert.Equal(IntakeDisposition.Complete, disposition);
        Assert.Equal(0, await CountAsync(_queue));
        Assert.Equal(0, await CountAsync(_poison));
        Assert.Equal([InstanceId], harness.Instances.Keys);
        Assert.Equal(1, await AcceptedRowsAsync(harness));
    }

    private static string InstanceId => new ReportKey("canonical", "R-1001").InstanceId(1);

    private static async Task<int> AcceptedRowsAsync(IntakeHarness harness) =>
        (await harness.Audit.ReadAsync(new ReportKey("canonical", "R-1001"), CancellationToken.None)).Count(r => r.Step == IntakeAudit.Step && r.Outcome == "Accepted");

    /// <summary>Receives the message as the listener would (its visibility timeout), and has the listener handle and settle it.</summary>
    private async Task<IntakeDisposition> HandleOneAsync(QueueIntakeListener listener, StorageQueueIntakeOptions queue)
    {
        var message = (await _queue.ReceiveMessageAsync(queue.VisibilityTimeout)).Value;
        return await listener.HandleAndSettleAsync(_queue, message, CancellationToken.None);
    }

    private (IntakeHarness Harness, QueueIntakeListener Listener) Listener(IntakeOptions intake, StorageQueueIntakeOptions queue)
    {
        var harness = new IntakeHarness(_storage, nameof(ProcessExpenseReport), intake);
        var services = new ServiceCollection().AddSingleton<IIntakeMessageHandler>(harness.Handler).BuildServiceProvider();
        var options = Options.Create(queue);
        var queues = new QueueServiceClient(_queueAccount.ConnectionString);
        var listener = new QueueIntakeListener(
            queues, new PoisonQueueWriter(queues, options, TimeProvider.System), services.GetRequiredService<IServiceScopeFactory>(), harness.Client.Object,
            new AlwaysReady(), harness.Circuit, new StorageOutageHold(harness.Circuit, Options.Create(intake), TimeProvider.System), options,
            NullLogger<QueueIntakeListener>.Instance);
        return (harness, listener);
    }

    private Task SendAsync(string eventId) =>
        _queue.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(IntakeMessages.Event(SampleReports.CanonicalJson(), eventId))));

    private static async Task<int> CountAsync(QueueClient queue) => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
}
