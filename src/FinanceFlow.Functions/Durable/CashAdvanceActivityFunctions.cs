using FinanceFlow.Core.Model;
using FinanceFlow.Workflows.CashAdvances;
using Microsoft.Azure.Functions.Worker;

namespace FinanceFlow.Functions.Durable;

/// <summary>Activity trigger of the cash-advance check a report applying advances passes before it posts.</summary>
public sealed class CashAdvanceActivityFunctions(CashAdvanceActivities advances)
{
    [Function(nameof(CashAdvanceActivities.CheckAdvancesIssued))]
    public Task<IReadOnlyList<Finding>> CheckAdvancesIssued([ActivityTrigger] CashAdvanceCheckRequest request, CancellationToken cancellationToken) =>
        advances.CheckAdvancesIssued(request, cancellationToken);
}
