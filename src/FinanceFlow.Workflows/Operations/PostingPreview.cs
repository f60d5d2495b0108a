using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Enrichment;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Policy;
using FinanceFlow.Core.Posting;
using FinanceFlow.Workflows.MasterData;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.Sources;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Operations;

/// <summary>One journal line as the preview shows it; <paramref name="Fx"/> says how a converted amount was converted.</summary>
public sealed record PreviewJournalLine(
    AccountRole Role, string Account, decimal Debit, decimal Credit, string Currency, string? CostCenter, string? Project, string? Memo, FxConversion? Fx = null);

/// <summary>A journal the report would post, in its entity's ledger and functional currency.</summary>
public sealed record PreviewJournal(
    string ExternalReference,
    DateOnly AccountingDate,
    string Currency,
    decimal TotalDebit,
    decimal TotalCredit,
    IReadOnlyList<PreviewJournalLine> Lines,
    string? Entity = null,
    string? Ledger = null,
    DateOnly? OriginalAccountingDate = null,
    IReadOnlyList<string>? MappingVersions = null);

/// <summary>
/// What <c>POST /api/v1/preview/{source}</c> answers: the canonical report, its journals (one per legal entity; <paramref name="Journal"/>
/// is the first, the report's own entity) and every finding, with nothing stored or posted.
/// </summary>
public sealed record PreviewResult(ExpenseReport? Report, PreviewJournal? Journal, IReadOnlyList<Finding> Findings, bool WouldPost, IReadOnlyList<PreviewJournal>? Journals = null);

/// <summary>
/// Runs a source document through the same rules as the pipeline (schema, policy, posting rules, journal checks)
/// without side effects, so finance ops can check mappings before they go live.
/// </summary>
public sealed class PostingPreview(
    IEnumerable<ISourceDocumentAdapter> adapters,
    IOptionsMonitor<FinanceFlowOptions> options,
    IOptionsMonitor<AccountMap> accounts,
    IOptionsMonitor<MasterDataOptions> masterDataOptions,
    IMasterDataSource masterData,
    TimeProvider time)
{
    /// <summary>What <paramref name="document"/>, a document of <paramref name="source"/>, would post now.</summary>
    public async Task<Answer<PreviewResult>> PreviewAsync(string source, byte[] document, CancellationToken cancellationToken)
    {
        var known = adapters.ToDictionary(a => a.Source, StringComparer.OrdinalIgnoreCase);
        if (!known.TryGetValue(source, out var adapter))
        {
            return Refusal.NotFound("unknown-source", "Unknown source", $"There is no expense source named '{source}'. Known sources: {string.Join(", ", known.Keys.Order(StringComparer.Ordinal))}.");
        }

        var read = adapter.Read(document);
        if (read.Errors.Count > 0)
        {
            return Refusal.Invalid(
                "invalid-document",
                $"The {adapter.Source} document could not be read",
                $"{read.Errors.Count} field(s) failed validation.",
                [.. read.Errors.Select(e => new ProblemFieldError(e.Pointer, e.Message))]);
        }

        var findings = read.Findings.ToList();
        var entries = new List<JournalEntry>();
        var governed = masterDataOptions.CurrentValue.Enrichment != EnrichmentMode.Off;
        if (read.Report is { } report)
        {
            var accountingDate = JournalActivities.AccountingDateOf(report);
            if (governed && read.Journal is { } sourceJournal)
            {
                // The same governance the pipeline applies to a source's own journal (Concur), against the master data in force now.
                var (journal, problems) = SourceJournalGovernance.Govern(sourceJournal, report, await masterData.GetMasterDataAsync(cancellationToken));
                findings.AddRange(problems);
                entries.AddRange(journal is null ? [] : [journal]);
            }
            else if (governed)
            {
                // The same enrichment the pipeline runs, against the master data and mappings in force now.
                var enriched = ReportEnricher.Enrich(report, accountingDate, await masterData.GetMasterDataAsync(cancellationToken), await masterData.GetMappingsAsync(cancellationToken));
                findings.AddRange(enriched.Findings);
                entries.AddRange(enriched.Batches.Select(b => EntityJournalBuilder.Build(b, report.LegalEntity)));
            }
            else
            {
                entries.Add(read.Journal ?? PostingRules.BuildJournal(report, accounts.CurrentValue, accountingDate));
            }

            findings.AddRange(PolicyEngine.Evaluate(report, CashAdvances.CashAdvanceCheck.PolicyFor(report, options.CurrentValue.Policy), DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), read.Journal is not null));
        }
        else if (read.Journal is { } documentJournal)
        {
            // A document with a journal but no expense report (a Concur cash advance).
            entries.Add(documentJournal);
        }

        findings.AddRange(entries.SelectMany(JournalValidation.Validate));
        var journals = entries.ConvertAll(View);
        var wouldPost = journals.Count > 0 && findings.All(f => f.Severity != FindingSeverity.Error);
        return new PreviewResult(read.Report, journals.FirstOrDefault(), findings, wouldPost, journals);
    }

    private static PreviewJournal View(JournalEntry entry) => new(
        entry.ExternalReference,
        entry.AccountingDate,
        entry.Currency,
        entry.TotalDebit,
        entry.TotalCredit,
        [.. entry.Lines.Select(l => new PreviewJournalLine(l.Role, l.Account, l.Debit, l.Credit, entry.Currency, l.CostCenter, l.Project, l.Memo, l.Fx))],
        entry.LegalEntity,
        entry.Ledger,
        entry.OriginalAccountingDate,
        entry.MappingVersions);
}
