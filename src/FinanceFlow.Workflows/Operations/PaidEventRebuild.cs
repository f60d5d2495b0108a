using System.Globalization;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Messaging;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.Sources;
using FinanceFlow.Workflows.StatusFanOut;

namespace FinanceFlow.Workflows.Operations;

/// <summary>
/// The <c>paid</c> event of a report's latest payment, rebuilt from its status row and the payment's <c>Confirmed</c> audit row, so a
/// re-send carries the id (and amount) the payment operation published.
/// </summary>
internal static class PaidEventRebuild
{
    private static readonly string[] Prefixes = ["paid in full ", "part payment "];

    /// <summary>Null when the row shows no payment; otherwise the event, or why it cannot be rebuilt.</summary>
    public static (StatusCloudEvent? Event, string EventId, string? Error)? For(ReportStatusRecord row, IReadOnlyList<AuditRecord> audit)
    {
        if (row.PaymentReference is not { } reference || row.PaidAt is not { } paidAt || row.PaidAmount is not { } paidAmount || row.Currency is not { } currency)
        {
            return null;
        }

        // The row keeps the total paid so far; this payment's own amount is only in its audit row, checked against the row's fingerprint.
        var confirmed = audit.LastOrDefault(a => a.Step == AuditSteps.PaymentConfirmed && a.Outcome == AuditOutcomes.Confirmed && a.CorrelationId == reference);
        if (confirmed is null || AmountOf(confirmed) is not { } amount || ReportPayments.Fingerprint(reference, amount, currency) != confirmed.InputSha256)
        {
            return (null, StatusEventIds.For(new ReportKey(row.Source, row.ReportId), row.Version, StatusEventTypes.Paid, reference),
                $"the amount of payment {reference} is not in the audit trail, so its paid event cannot be rebuilt");
        }

        var payment = new ReportPayment(
            new ReportKey(row.Source, row.ReportId), row.Version, row.InstanceId, row.EmployeeId, row.EmployeeName, paidAt, amount, currency, reference, string.Empty,
            row.ErpDocumentNumber, paidAmount, FullyPaid: paidAmount == row.TotalAmount);
        var paid = StatusEvents.Paid(row, payment, confirmed.At);
        return (paid, paid.Id, null);
    }

    private static decimal? AmountOf(AuditRecord confirmed)
    {
        var detail = confirmed.Detail ?? string.Empty;
        var prefix = Prefixes.FirstOrDefault(p => detail.StartsWith(p, StringComparison.Ordinal));
        if (prefix is null)
        {
            return null;
        }

        var token = detail[prefix.Length..].Split(' ', 2)[0];
        return decimal.TryParse(token, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) ? amount : null;
    }
}
