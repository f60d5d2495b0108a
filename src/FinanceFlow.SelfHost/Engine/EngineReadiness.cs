using FinanceFlow.Workflows.Intake.Messaging;

namespace FinanceFlow.SelfHost.Engine;

/// <summary>The intake listeners start once the engine has created its task hub and runs.</summary>
public sealed class EngineReadiness(DurableTaskFrameworkHost engine) : IIntakeReadiness
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        while (!engine.IsStarted)
        {
            await Task.Delay(Poll, cancellationToken);
        }
    }
}
