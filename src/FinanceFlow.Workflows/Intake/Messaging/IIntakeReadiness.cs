namespace FinanceFlow.Workflows.Intake.Messaging;

/// <summary>Lets the intake listeners wait until the host's Durable engine can take new orchestrations.</summary>
public interface IIntakeReadiness
{
    Task WaitUntilReadyAsync(CancellationToken cancellationToken);
}

/// <summary>For hosts whose Durable client works from the start.</summary>
public sealed class AlwaysReady : IIntakeReadiness
{
    public Task WaitUntilReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
