using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using FinanceFlow.Workflows.Audit;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Activities;

/// <summary>Applies the posting rules: a report becomes one balanced journal entry.</summary>
public sealed class JournalActivities(IOptionsMonitor<AccountMap> accounts, StepAudit audit)
{
    public async Task<JournalResult> BuildJournal(JournalRequest request, CancellationToken cancellationToken)
    {
        var report = request.Report;
        var entry = request.SourceJournal ?? PostingRules.BuildJournal(report, accounts.CurrentValue, AccountingDateOf(report));
        var findings = JournalValidation.Validate(entry);
        var outcome = findings.Count == 0 ? "Built" : "Invalid";
        var detail = $"{entry.Lines.Count} lines, debit {entry.TotalDebit} {entry.Currency}, credit {entry.TotalCredit} {entry.Currency}";
        await audit.RecordAsync(request.Step, nameof(BuildJournal), outcome, request, detail, cancellationToken);
        return findings.Count == 0 ? new JournalResult(entry, []) : new JournalResult(null, findings);
    }

    /// <summary>The report's own accounting date, else the day of its last approval, else the day it was submitted.</summary>
    public static DateOnly AccountingDateOf(ExpenseReport report) =>
        report.AccountingDate
        ?? DateOnly.FromDateTime((report.Approvals.Count > 0 ? report.Approvals.Max(a => a.ApprovedAt) : report.SubmittedAt).UtcDateTime);
}
