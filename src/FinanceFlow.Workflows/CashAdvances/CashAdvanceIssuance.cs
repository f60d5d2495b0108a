using FinanceFlow.Connectors.Concur;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;

namespace FinanceFlow.Workflows.CashAdvances;

/// <summary>
/// Which cash advances a kept Concur expense document applies that FinanceFlow has not posted: the check before such a report
/// posts (<see cref="CashAdvanceActivities"/>), and the watchdog's test of whether a waiting report can run again.
/// </summary>
public sealed class CashAdvanceIssuance(IRawPayloadStore rawPayloads, IReportStatusStore statuses)
{
    /// <summary>The finding of an applied advance whose issuance FinanceFlow has not posted.</summary>
    public const string NotIssued = "cash-advance-not-issued";

    /// <summary>
    /// One error finding per applied advance whose issuance (report <c>cashadvance-{id}</c>) is not <see cref="ReportOutcome.Posted"/> or
    /// <see cref="ReportOutcome.Paid"/>: clearing it would credit an advance the ledger never saw.
    /// </summary>
    /// <returns>The findings, and how many advances the document applies.</returns>
    public async Task<(IReadOnlyList<Finding> Findings, int Applied)> UnissuedAsync(string rawBlobName, CancellationToken cancellationToken)
    {
        var raw = await rawPayloads.ReadAsync(rawBlobName, cancellationToken);
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
                        + $"The report waits: once the issuance is posted (GET /api/v1/reports/concur/{issuance.ReportId}), the watchdog runs it again, or retry it.",
                    $"/cashAdvanceApplication/{i}/cashAdvanceId"));
            }
        }

        return (findings, applications.Count);
    }
}
