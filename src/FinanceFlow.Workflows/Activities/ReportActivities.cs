using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Policy;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.Audit;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Activities;

/// <summary>Turning a raw payload into a canonical report, and checking it against policy.</summary>
public sealed class ReportActivities(IRawPayloadStore rawPayloads, IOptionsMonitor<FinanceFlowOptions> options, StepAudit audit)
{
    public async Task<NormalizeResult> NormalizeReport(NormalizeRequest request, CancellationToken cancellationToken)
    {
        var raw = await rawPayloads.ReadAsync(request.RawBlobName, cancellationToken);
        var parsed = CanonicalReportParser.Parse(raw.ToMemory(), request.Step.Source);
        var findings = parsed.Errors.Select(e => new Finding("schema", e.Message, e.Pointer)).ToList();
        var outcome = parsed.Report is null ? "Invalid" : "Normalized";
        await audit.RecordAsync(request.Step, nameof(NormalizeReport), outcome, request, parsed.Report is null ? $"{findings.Count} schema errors" : $"{parsed.Report.Lines.Count} lines", cancellationToken);
        return new NormalizeResult(parsed.Report, findings);
    }

    public async Task<IReadOnlyList<Finding>> CheckPolicy(PolicyRequest request, CancellationToken cancellationToken)
    {
        var findings = PolicyEngine.Evaluate(request.Report, options.CurrentValue.Policy, request.Today);
        var errors = findings.Count(f => f.Severity == FindingSeverity.Error);
        var detail = findings.Count == 0 ? null : string.Join("; ", findings.Select(f => f.Code).Distinct(StringComparer.Ordinal));
        await audit.RecordAsync(request.Step, nameof(CheckPolicy), errors == 0 ? "Passed" : "Failed", request, detail, cancellationToken);
        return findings;
    }
}
