using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Enrichment;
using FinanceFlow.Core.Model;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.MasterData;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>Enrichment from governed master data and mappings, between Normalize and Policy.</summary>
public sealed class EnrichmentActivities(IMasterDataSource masterData, IOptionsMonitor<MasterDataOptions> options, StepAudit audit)
{
    public async Task<EnrichResult> EnrichReport(EnrichRequest request, CancellationToken cancellationToken)
    {
        if (options.CurrentValue.Enrichment == EnrichmentMode.Off)
        {
            await audit.RecordAsync(request.Step, nameof(EnrichReport), AuditOutcomes.Skipped, request,
                $"{MasterDataOptions.SectionName}:{nameof(MasterDataOptions.Enrichment)} is Off: accounts from FinanceFlow:Accounts", cancellationToken);
            return new EnrichResult([], [], Governed: false);
        }

        var snapshot = await masterData.GetMasterDataAsync(cancellationToken);
        if (request.SourceJournal is { } sourceJournal)
        {
            // Concur's documents carry their own journal (accounts, payer/payee codes, tax lines): posted as the document says,
            // but only for a governed entity, employee and accounts, in an open period, in the entity's ledger and currency.
            var (governed, problems) = SourceJournalGovernance.Govern(sourceJournal, request.Report, snapshot);
            await audit.RecordAsync(request.Step, nameof(EnrichReport), governed is null ? AuditOutcomes.Unresolved : AuditOutcomes.Governed, request, governed is null
                ? string.Join("; ", problems.Where(f => f.Severity == FindingSeverity.Error).Take(10).Select(f => $"{f.Code}: {f.Message}"))
                : $"the {request.Step.Source} document's own journal, {governed.LegalEntity} → {governed.Ledger}, {governed.Currency}", cancellationToken);
            return new EnrichResult([], problems, Governed: true, governed);
        }

        var mappings = await masterData.GetMappingsAsync(cancellationToken);
        var result = ReportEnricher.Enrich(request.Report, JournalActivities.AccountingDateOf(request.Report), snapshot, mappings);
        var detail = result.Succeeded
            ? string.Join("; ", result.Batches.Select(b =>
                $"{b.Entity} ({b.Ledger}, {b.FunctionalCurrency}): {b.Report.Lines.Count} lines, mapped with {string.Join(", ", b.MappingVersions)}"))
            : string.Join("; ", result.Findings.Where(f => f.Severity == FindingSeverity.Error).Take(10).Select(f => $"{f.Code}: {f.Message}"));
        await audit.RecordAsync(request.Step, nameof(EnrichReport), result.Succeeded ? AuditOutcomes.Enriched : AuditOutcomes.Unresolved, request, detail, cancellationToken);
        return new EnrichResult(result.Batches, result.Findings, Governed: true);
    }
}
