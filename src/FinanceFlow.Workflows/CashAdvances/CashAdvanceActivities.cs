using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Model;
using FinanceFlow.Workflows.Audit;

namespace FinanceFlow.Workflows.CashAdvances;

/// <summary>Check: the report's step and the kept source document, which names the advances it applies.</summary>
public sealed record CashAdvanceCheckRequest(StepContext Step, string RawBlobName);

/// <summary>Before a report that applies cash advances posts: each advance must be in the ledger, or the report waits for it.</summary>
public sealed class CashAdvanceActivities(CashAdvanceIssuance issuance, StepAudit audit)
{
    /// <summary>The finding of an applied advance whose issuance FinanceFlow has not posted.</summary>
    public const string NotIssued = CashAdvanceIssuance.NotIssued;

    /// <summary>One error finding per applied advance whose issuance is not posted (<see cref="CashAdvanceIssuance.UnissuedAsync"/>), audited.</summary>
    public async Task<IReadOnlyList<Finding>> CheckAdvancesIssued(CashAdvanceCheckRequest request, CancellationToken cancellationToken)
    {
        var (findings, applied) = await issuance.UnissuedAsync(request.RawBlobName, cancellationToken);
        var detail = applied == 0 ? "no cash advance applied"
            : findings.Count == 0 ? $"{applied} applied cash advance(s) issued in the ledger"
            : string.Join("; ", findings.Select(f => f.Message));
        await audit.RecordAsync(request.Step, nameof(CheckAdvancesIssued), findings.Count == 0 ? AuditOutcomes.Passed : AuditOutcomes.Unresolved, request, detail, cancellationToken);
        return findings;
    }
}
