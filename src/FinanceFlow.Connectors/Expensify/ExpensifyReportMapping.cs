using FinanceFlow.Core.Model;
using static FinanceFlow.Connectors.Expensify.ExpensifyReportMapper;

namespace FinanceFlow.Connectors.Expensify;

/// <summary>One mapping run: report-level fields; lines are in <see cref="ExpensifyLineMapping"/>. Collects findings as it goes.</summary>
internal sealed class ExpensifyReportMapping(ExpensifyReport report, ExpensifyOptions options, List<Finding> findings)
{
    public ExpenseReport Build()
    {
        Require(report.ReportId, "/reportID");
        var currency = Currency();
        var employee = Employee();
        var lines = new List<ExpenseLine>();
        var attachments = new List<Attachment>();
        if (report.Expenses.Count == 0)
        {
            Error(MissingField, "The report has no expenses.", "/expenses");
        }

        for (var i = 0; i < report.Expenses.Count; i++)
        {
            var mapped = new ExpensifyLineMapping(report.Expenses[i], $"/expenses/{i}", currency, findings).Build(attachments.Count);
            lines.Add(mapped.Line);
            if (mapped.Receipt is not null)
            {
                attachments.Add(mapped.Receipt);
            }
        }

        var total = lines.Sum(l => l.GrossAmount);
        CheckTotal(total, currency);

        return new ExpenseReport(
            Source: SourceNames.Expensify,
            ReportId: report.ReportId,
            Version: 1,
            LegalEntity: LegalEntity(),
            Title: report.ReportName,
            Employee: employee,
            Submitter: employee,
            Approvals: Approvals(),
            Currency: currency,
            TotalAmount: total,
            SubmittedAt: SubmittedAt(),
            AccountingDate: null,
            Lines: lines,
            Attachments: attachments);
    }

    private string Currency()
    {
        if (Require(report.Currency, "/currency") && !Currencies.IsKnown(report.Currency))
        {
            Error(InvalidValue, $"'{report.Currency}' is not an ISO 4217 currency code.", "/currency");
        }

        return report.Currency ?? string.Empty;
    }

    private Party Employee()
    {
        var email = report.AccountEmail;
        Require(email, "/accountEmail");
        return new Party(email ?? string.Empty, report.SubmitterName ?? email ?? string.Empty, email);
    }

    private string LegalEntity()
    {
        if (report.PolicyId is { } policy && options.LegalEntityByPolicy.TryGetValue(policy, out var mapped))
        {
            return mapped;
        }

        if (!string.IsNullOrWhiteSpace(options.DefaultLegalEntity))
        {
            return options.DefaultLegalEntity;
        }

        Error(
            UnknownLegalEntity,
            $"Policy '{report.PolicyId ?? "(none)"}' is not in {ExpensifyOptions.SectionName}:LegalEntityByPolicy and no DefaultLegalEntity is set.",
            "/policyID");
        return string.Empty;
    }

    private List<Approval> Approvals()
    {
        if (report.Approved is null)
        {
            findings.Add(new Finding(MissingField, "The report carries no approval date; it is mapped without an approval.", "/approved", FindingSeverity.Warning));
            return [];
        }

        if (!ExpensifyValues.TryInstant(report.Approved, out var approvedAt))
        {
            Error(InvalidValue, $"'{report.Approved}' is not a date-time like 2026-11-20 10:00:00.", "/approved");
            return [];
        }

        if (!Require(report.ManagerEmail, "/managerEmail"))
        {
            return [];
        }

        return [new Approval(new Party(report.ManagerEmail!, report.ManagerEmail!, report.ManagerEmail), approvedAt)];
    }

    private DateTimeOffset SubmittedAt()
    {
        if (ExpensifyValues.TryInstant(report.Submitted, out var submitted))
        {
            return submitted;
        }

        if (report.Submitted is null && ExpensifyValues.TryInstant(report.Created, out var created))
        {
            findings.Add(new Finding(MissingField, "No submission date: the report's creation date is used.", "/submitted", FindingSeverity.Warning));
            return created;
        }

        Error(report.Submitted is null ? MissingField : InvalidValue, $"'{report.Submitted}' is not a date-time like 2026-11-20 10:00:00.", "/submitted");
        return default;
    }

    private void CheckTotal(decimal linesTotal, string currency)
    {
        if (report.Total is null || !Currencies.TryGetMinorUnits(currency, out var minorUnits))
        {
            return;
        }

        if (!ExpensifyValues.TryCents(report.Total, out var cents))
        {
            Error(InvalidValue, $"'{report.Total}' is not a whole number of cents.", "/total");
            return;
        }

        if (ExpensifyValues.TryAmount(Math.Abs(cents), minorUnits, out var total) && total != Math.Abs(linesTotal))
        {
            findings.Add(new Finding(
                TotalMismatch,
                $"Expensify's report total is {total} {currency} but the expenses add up to {linesTotal} {currency}; the expenses are used.",
                "/total",
                FindingSeverity.Warning));
        }
    }

    private bool Require(string? value, string path)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        Error(MissingField, "is required but empty.", path);
        return false;
    }

    private void Error(string code, string message, string path) => findings.Add(new Finding(code, message, path));
}
