using FinanceFlow.Workflows.Intake.Messaging;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FinanceFlow.SelfHost.Tests.Hostile;

/// <summary>
/// The hostile corpus against the queue intake handler both hosts run (Service Bus processor, Storage Queue listener, Functions queue
/// trigger), on the real self-host's services and storage: every message is completed or dead-lettered with a known reason and a
/// description, never abandoned or thrown out of the handler, and its dead-letter fits the poison queue.
/// </summary>
[Collection(HostileHost.Collection)]
public sealed class HostileMessageTests(HostileHost host, ITestOutputHelper output)
{
    private static readonly HashSet<string> KnownReasons = [.. typeof(DeadLetterReasons).GetFields().Select(f => (string)f.GetValue(null)!)];

    [Fact]
    public Task IntakeMessageHandler_HostileMessages_AreCompletedOrDeadLetteredWithAReasonInTime() =>
        HostileCorpus.RunAsync("intake message handler", HostileBodies.For(Samples.IntakeMessages), 260, HandleAsync, output);

    private async Task<Outcome> HandleAsync(HostileBody body)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<IIntakeMessageHandler>();
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        // Half as Service Bus delivers (a MessageId), half as a storage queue does (the CloudEvent id is the key).
        var messageId = body.Bytes.Length % 2 == 0 ? "sb-" + Guid.NewGuid().ToString("N") : null;
        var result = await handler.HandleAsync(new IntakeMessage(messageId, body.Bytes, 1, DateTimeOffset.UtcNow, "servicebus"), client, CancellationToken.None);
        var answer = result.Disposition == IntakeDisposition.DeadLetter ? $"dead-letter {result.Reason}" : result.Disposition.ToString();
        switch (result.Disposition)
        {
            case IntakeDisposition.Complete:
                return new Outcome(answer);
            case IntakeDisposition.Abandon:
                return new Outcome(answer, $"abandoned ({result.Reason}): a hostile message is no transient fault");
        }

        if (result.Reason is null || !KnownReasons.Contains(result.Reason) || string.IsNullOrWhiteSpace(result.Description))
        {
            return new Outcome(answer, $"dead-lettered without a documented reason and a description: {result.Reason}: {result.Description}");
        }

        // The Storage Queue transport's dead-letter: the reason, the description and the message must fit one poison-queue message.
        var poison = host.Services.GetRequiredService<PoisonQueueWriter>();
        await poison.WriteAsync(result.Reason, result.Description, Convert.ToBase64String(body.Bytes), "q-1", 1, CancellationToken.None);
        return new Outcome(answer);
    }
}
