using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Model;
using static System.FormattableString;

namespace FinanceFlow.Core.Policy;

/// <summary>Finance rules every report must pass before it reaches the ledger.</summary>
/// <remarks>
/// Findings come in the order of the report: header, approvals, each line (amounts, foreign amount, dates,
/// allocations, receipt), the total, then attachments. Each carries a stable code (<see cref="PolicyCodes"/>),
/// a JSON pointer into the canonical report and a message naming the values involved.
/// </remarks>
public static class PolicyEngine
{
    /// <summary>Checks a report; an empty list means it may be posted.</summary>
    /// <param name="today">The business date in the legal entity, so nothing dated after it is accepted.</param>
    /// <param name="sourceJournal">
    /// The source's own journal decides the accounting (Concur's journal data, balanced and approved in the platform): a total of
    /// zero or less is then a credit or a net-due-company report to book, not a claim to refuse.
    /// </param>
    public static IReadOnlyList<Finding> Evaluate(ExpenseReport report, PolicySettings settings, DateOnly today, bool sourceJournal = false)
    {
        var findings = new List<Finding>();
        var currencyKnown = Currencies.TryGetMinorUnits(report.Currency, out var minorUnits);
        var decimals = currencyKnown ? minorUnits : (int?)null;

        if (!currencyKnown)
        {
            findings.Add(new(PolicyCodes.UnknownCurrency, $"Report currency '{report.Currency}' is not an active ISO 4217 code.", "/currency"));
        }

        LineRules.CheckDecimals(findings, report.TotalAmount, decimals, report.Currency, "/totalAmount");
        if (report.AccountingDate is { } accountingDate && accountingDate > today)
        {
            findings.Add(new(PolicyCodes.FutureDate, Invariant($"Accounting date {accountingDate:yyyy-MM-dd} is after today ({today:yyyy-MM-dd})."), "/accountingDate"));
        }

        CheckApprovals(findings, report);

        var seenLineIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < report.Lines.Count; i++)
        {
            var line = report.Lines[i];
            var path = Invariant($"/lines/{i}");
            if (!seenLineIds.Add(line.LineId))
            {
                findings.Add(new(PolicyCodes.DuplicateLineId, $"Line id '{line.LineId}' is used by more than one line.", path + "/lineId"));
            }

            LineRules.Check(findings, line, path, report.Currency, decimals, today);
            AllocationRules.Check(findings, line, path, report.Currency, decimals);
            CheckReceipt(findings, report, line, path, settings.ReceiptThreshold(report.Currency));
            CheckLimit(findings, report, line, path, settings.LineLimit(report.Currency));
        }

        var sum = report.Lines.Sum(l => l.GrossAmount);
        if (sum != report.TotalAmount)
        {
            findings.Add(new(
                PolicyCodes.LinesDoNotSum,
                Invariant($"The lines add up to {sum} {report.Currency} but totalAmount is {report.TotalAmount} {report.Currency}."),
                "/totalAmount"));
        }

        if (report.TotalAmount <= 0 && !sourceJournal)
        {
            findings.Add(new(
                PolicyCodes.NonPositiveAmount,
                Invariant($"The report adds up to {report.TotalAmount} {report.Currency}; an expense report must come to more than zero (credits alone are a refund, not a claim)."),
                "/totalAmount"));
        }

        CheckAttachmentLines(findings, report, seenLineIds);
        return [.. findings.Select(f => PolicyCodes.Overridable.Contains(f.Code) && f.Severity == FindingSeverity.Error ? f with { Overridable = true } : f)];
    }

    private static void CheckLimit(List<Finding> findings, ExpenseReport report, ExpenseLine line, string path, decimal? limit)
    {
        if (limit is { } max && line.GrossAmount > max)
        {
            findings.Add(new(
                PolicyCodes.AmountOverLimit,
                Invariant($"Line '{line.LineId}' is {line.GrossAmount} {report.Currency}, above the {max} {report.Currency} limit per line."),
                path + "/grossAmount"));
        }
    }

    private static void CheckApprovals(List<Finding> findings, ExpenseReport report)
    {
        if (report.Approvals.Count == 0)
        {
            findings.Add(new(PolicyCodes.NoApproval, "The report has no approval.", "/approvals"));
            return;
        }

        for (var i = 0; i < report.Approvals.Count; i++)
        {
            var approver = report.Approvals[i].Approver;
            var path = Invariant($"/approvals/{i}/approver/id");
            if (approver.Id == report.Submitter.Id)
            {
                findings.Add(new(PolicyCodes.ApproverIsSubmitter, $"Approval {i + 1} is by the submitter ({approver.Id}, {approver.Name}); nobody approves their own report.", path));
            }
            else if (approver.Id == report.Employee.Id)
            {
                findings.Add(new(PolicyCodes.ApproverIsEmployee, $"Approval {i + 1} is by the employee ({approver.Id}, {approver.Name}) whose expenses these are.", path));
            }
        }
    }

    // A receipt without a lineId (a hotel folio, a combined PDF) counts for every line of the report.
    private static void CheckReceipt(List<Finding> findings, ExpenseReport report, ExpenseLine line, string path, decimal threshold)
    {
        if (line.GrossAmount <= threshold)
        {
            return;
        }

        var hasReceipt = line.ReceiptAtSource is not null || report.Attachments.Any(a => a.LineId is null || a.LineId == line.LineId);
        if (!hasReceipt)
        {
            findings.Add(new(
                PolicyCodes.ReceiptRequired,
                Invariant($"Line '{line.LineId}' is {line.GrossAmount} {report.Currency}, above the {threshold} {report.Currency} receipt threshold, and has no receipt."),
                path));
        }
    }

    private static void CheckAttachmentLines(List<Finding> findings, ExpenseReport report, HashSet<string> lineIds)
    {
        foreach (var attachment in report.Attachments)
        {
            if (attachment.LineId is { } lineId && !lineIds.Contains(lineId))
            {
                findings.Add(new(
                    PolicyCodes.AttachmentLineUnknown,
                    $"Attachment '{attachment.FileName}' refers to line '{lineId}', which is not in the report; it supports no line.",
                    Invariant($"/attachments/{attachment.Index}/lineId"),
                    FindingSeverity.Warning));
            }
        }
    }
}
