using FinanceFlow.Connectors.Expensify;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Workflows.Sources;

/// <summary>Moves an Expensify report to REIMBURSED (reportStatusUpdater) once it is paid in full; a part payment is only recorded.</summary>
public sealed class ExpensifyPayment(ExpensifyClient client) : ISourcePayment
{
    public string Source => SourceNames.Expensify;

    public async Task<string> ConfirmPaymentAsync(ReportPayment payment, string? rawBlobName, CancellationToken cancellationToken)
    {
        // Expensify has no partial reimbursement: REIMBURSED on the first of two payments would tell the employee too much.
        if (!payment.FullyPaid)
        {
            return $"part payment; Expensify report {payment.Report.ReportId} is marked REIMBURSED once paid in full";
        }

        ExpensifyStatusUpdate update;
        try
        {
            update = await client.MarkReimbursedAsync([payment.Report.ReportId], paymentSource: null, cancellationToken);
        }
        catch (ExpensifyUnavailableException ex)
        {
            throw new SourcePaymentException(SourcePaymentFailure.Unavailable, ex.Message, ex);
        }
        catch (Exception ex) when (ex is ExpensifyRequestException or ExpensifyConfigurationException)
        {
            throw new SourcePaymentException(SourcePaymentFailure.Refused, ex.Message, ex);
        }

        var reportId = payment.Report.ReportId;
        if (update.Updated.Contains(reportId, StringComparer.Ordinal))
        {
            return $"Expensify report {reportId} marked REIMBURSED";
        }

        // failedReports are Expensify's own errors, worth sending again; skipped ones (e.g. still open) need a person.
        if (update.Failed.FirstOrDefault(f => f.ReportId == reportId) is { } failed)
        {
            throw new SourcePaymentException(SourcePaymentFailure.Unavailable, $"Expensify failed to mark report {reportId} REIMBURSED: {failed.Reason}");
        }

        var reason = update.Skipped.FirstOrDefault(s => s.ReportId == reportId)?.Reason ?? "the answer does not mention the report";
        throw new SourcePaymentException(SourcePaymentFailure.Refused, $"Expensify did not mark report {reportId} REIMBURSED: {reason}");
    }
}
