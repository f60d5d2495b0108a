using FinanceFlow.Connectors.Concur;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.Audit;

namespace FinanceFlow.Workflows.CashAdvances;

/// <summary>Check: the report's step and the kept source document, which names the advances it applies.</summary>
public sealed record CashAdvanceCheckRequest(StepContext Step, string RawBlobName);

/// <summary>Before a report that applies cash advances posts: each advance must be in the ledger, or the report waits for it.</summary>
public sealed class CashAdvanceActivities(IRawPayloadStore rawPayloads, IReportStatusStore statuses, StepAudit audit)
{
    /// <summary>The finding of an applied advance whose issuance FinanceFlow has not posted.</summary>
    public const string NotIssued = "cash-advance-not-issued";

    /// <summary>
    /// One error finding per applied advance whose issuance (report <c>cashadvance-{id}</c>) is not <see cref="ReportOutcome.Posted"/> or
    /// <see cref="ReportOutcome.Paid"/>: clearing it would credit an advance the ledger never saw.
    /// </summary>
    public async Task<IReadOnlyList<Finding>> CheckAdvancesIssued(CashAdvanceCheckRequest request, CancellationToken cancellationToken)
    {
        var raw = await rawPayloads.ReadAsync(request.RawBlobName, cancellationToken);
        var applications = ConcurDocumentParser.Parse(raw.ToMemory()).Document?.Expense?.CashAdvanceApplication ?? [];
        var findings = new List<Finding>();
        for (var i = 0; i < applications.Count; i++)
        {
            if (applications[i].CashAdvanceId?.Trim() is not { Length: > 0 } advanceId)
            {
                findings.Add(new(NotIssued, $"Cash advance application {i + 1} names no cash advance, so its issuance cannot be found in the ledger.", $"/cashAdvanceApplication/{i}/cashAdvanceId"));
                continue;
            }

            var issuance = new ReportKey(SourceNames.Concur, ConcurCashAdvanceMapper.IssuanceReportId(advanceId));
            var row = await statuses.GetAsync(issuance, cancellationToken);
            if (row?.Outcome is not (ReportOutcome.Posted or ReportOutcome.Paid))
            {
                var state = row is null ? "FinanceFlow has not received its issuance" : $"its issuance ({issuance.ReportId}) is {row.Outcome}";
                findings.Add(new(
                    NotIssued,
                    $"Cash advance {advanceId} is applied ({Math.Abs(applications[i].CashAdvanceApplicationAmount ?? 0m)}) but {state}, so the ledger holds no advance to clear. "
                        + $"The report waits: once the issuance is posted (GET /api/v1/reports/concur/{issuance.ReportId}), retry this report.",
                    $"/cashAdvanceApplication/{i}/cashAdvanceId"));
            }
        }

        var detail = applications.Count == 0 ? "no cash advance applied"
            : findings.Count == 0 ? $"{applications.Count} applied cash advance(s) issued in the ledger"
            : string.Join("; ", findings.Select(f => f.Message));
        await audit.RecordAsync(request.Step, nameof(CheckAdvancesIssued), findings.Count == 0 ? AuditOutcomes.Passed : AuditOutcomes.Unresolved, request, detail, cancellationToken);
        return findings;
    }
}
