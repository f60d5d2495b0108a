using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Policy;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.CashAdvances;
using FinanceFlow.Workflows.Sources;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>Turning a raw payload into a canonical report, and checking it against policy.</summary>
public sealed class ReportActivities(
    IRawPayloadStore rawPayloads,
    IEnumerable<ISourceDocumentAdapter> adapters,
    IOptionsMonitor<FinanceFlowOptions> options,
    StepAudit audit)
{
    public async Task<NormalizeResult> NormalizeReport(NormalizeRequest request, CancellationToken cancellationToken)
    {
        var adapter = adapters.FirstOrDefault(a => string.Equals(a.Source, request.Step.Source, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"No document adapter is registered for source '{request.Step.Source}'.");
        var raw = await rawPayloads.ReadAsync(request.RawBlobName, cancellationToken);
        var read = adapter.Read(raw.ToMemory());
        var findings = read.Errors.Select(e => new Finding("schema", e.Message, e.Pointer)).Concat(read.Findings).ToList();
        var report = findings.Any(f => f.Severity == FindingSeverity.Error) ? null : read.Report;
        var outcome = report is null ? AuditOutcomes.Invalid : AuditOutcomes.Normalized;
        var detail = report is null ? $"{findings.Count} findings: {string.Join("; ", findings.Take(5).Select(f => $"{f.Path} {f.Message}"))}" : $"{report.Lines.Count} lines";
        await audit.RecordAsync(request.Step, nameof(NormalizeReport), outcome, request, detail, cancellationToken);
        return new NormalizeResult(report, findings, report is null ? null : read.Journal);
    }

    public async Task<IReadOnlyList<Finding>> CheckPolicy(PolicyRequest request, CancellationToken cancellationToken)
    {
        var findings = PolicyEngine.Evaluate(request.Report, CashAdvanceCheck.PolicyFor(request.Report, options.CurrentValue.Policy), request.Today, request.SourceJournal);
        var errors = findings.Count(f => f.Severity == FindingSeverity.Error);
        var detail = findings.Count == 0 ? null : string.Join("; ", findings.Select(f => f.Code).Distinct(StringComparer.Ordinal));
        await audit.RecordAsync(request.Step, nameof(CheckPolicy), errors == 0 ? AuditOutcomes.Passed : AuditOutcomes.Failed, request, detail, cancellationToken);
        return findings;
    }
}
