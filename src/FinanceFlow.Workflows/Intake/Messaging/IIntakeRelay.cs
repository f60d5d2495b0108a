using FinanceFlow.Core.Messaging;

namespace FinanceFlow.Workflows.Intake.Messaging;

/// <summary>Hands a validated, kept intake message on to a host that can start its run.</summary>
public interface IIntakeRelay
{
    /// <summary>Sends the claim check for the kept message; answers where it went, for the audit row.</summary>
    Task<string> ForwardAsync(IntakeRelayTicket ticket, CancellationToken cancellationToken);
}
