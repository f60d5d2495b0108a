using Microsoft.DurableTask.Client;

namespace FinanceFlow.Workflows.Intake.Messaging;

/// <summary>What a host's Service Bus processor does with a message: start its run here, or relay it to where a Durable client is.</summary>
public interface IIntakeDispatch
{
    Task<IntakeResult> DispatchAsync(IIntakeMessageHandler handler, IntakeMessage message, CancellationToken cancellationToken);
}

/// <summary>The self-host: its Durable client (in DI) starts or finds the run.</summary>
public sealed class StartRunDispatch(DurableTaskClient client) : IIntakeDispatch
{
    public Task<IntakeResult> DispatchAsync(IIntakeMessageHandler handler, IntakeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return handler.HandleAsync(message, client, cancellationToken);
    }
}

/// <summary>
/// The Functions host: the isolated worker has no Durable client outside a function's <c>[DurableClient]</c> binding, so a valid
/// message is relayed (as a claim check) to the Storage Queue whose <c>[QueueTrigger]</c> has one; an invalid one is dead-lettered
/// on Service Bus as in the self-host.
/// </summary>
public sealed class RelayDispatch(IIntakeRelay relay) : IIntakeDispatch
{
    public Task<IntakeResult> DispatchAsync(IIntakeMessageHandler handler, IntakeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return handler.RelayAsync(message, relay, cancellationToken);
    }
}
