using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Enrichment;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using FinanceFlow.Workflows.Audit;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>Applies the posting rules: a report becomes one balanced journal entry per legal entity.</summary>
public sealed class JournalActivities(IOptionsMonitor<AccountMap> accounts, StepAudit audit)
{
    public async Task<JournalResult> BuildJournal(JournalRequest request, CancellationToken cancellationToken)
    {
        var report = request.Report;
        IReadOnlyList<JournalEntry> entries = request.SourceJournal is { } sourceJournal ? [sourceJournal]
            : request.Batches is { Count: > 0 } batches ? [.. batches.Select(b => EntityJournalBuilder.Build(b, report.LegalEntity, request.ClearedCardTransactions))]
            : [PostingRules.BuildJournal(report, accounts.CurrentValue, AccountingDateOf(report), request.ClearedCardTransactions)];
        var findings = entries.SelectMany(JournalValidation.Validate).ToList();
        var outcome = findings.Count == 0 ? AuditOutcomes.Built : AuditOutcomes.Invalid;
        var detail = string.Join("; ", entries.Select(e =>
            $"{e.ExternalReference} ({e.LegalEntity}{(e.Ledger is null ? "" : " → " + e.Ledger)}): {e.Lines.Count} lines, debit {e.TotalDebit} {e.Currency}, credit {e.TotalCredit} {e.Currency}"));
        await audit.RecordAsync(request.Step, nameof(BuildJournal), outcome, request, detail, cancellationToken);
        return findings.Count == 0 ? new JournalResult(entries, []) : new JournalResult([], findings);
    }

    /// <summary>The report's own accounting date, else the day of its last approval, else the day it was submitted.</summary>
    public static DateOnly AccountingDateOf(ExpenseReport report) =>
        report.AccountingDate
        ?? DateOnly.FromDateTime((report.Approvals.Count > 0 ? report.Approvals.Max(a => a.ApprovedAt) : report.SubmittedAt).UtcDateTime);
}
