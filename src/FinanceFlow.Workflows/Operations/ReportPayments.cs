using System.Globalization;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Payments;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.Sources;
using FinanceFlow.Workflows.StatusFanOut;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.Workflows.Operations;

/// <summary>
/// Recording a payment (<c>POST /api/v1/reports/{source}/{reportId}/payment</c>): the ERP's payment run says a posted report was paid (in full or in part);
/// the source is told (Concur payment confirmation, Expensify REIMBURSED, or the signed callback), the payment recorded and a
/// <c>paid</c> status event published to every fan-out target.
/// The same payment reference again is answered as a duplicate without telling the source twice. Each payment is a row of its own,
/// reserved with the report's balance in one table transaction before the source is told, so two part payments at the same moment
/// both count and together never exceed the report.
/// </summary>
public sealed class ReportPayments(
    IReportStatusStore statuses,
    IPaymentStore paymentStore,
    IAuditTrail audit,
    IEnumerable<ISourcePayment> payments,
    CallbackPayment callbackPayment,
    StatusPublishing statusFanOut,
    TimeProvider time,
    ILogger<ReportPayments> logger)
{
    /// <summary>The audit step of every payment request: <see cref="AuditSteps.PaymentConfirmed"/>.</summary>
    public const string Step = AuditSteps.PaymentConfirmed;

    /// <summary>How long a payment being recorded holds its reference before a repeat may tell the source again.</summary>
    public static readonly TimeSpan PendingLease = TimeSpan.FromMinutes(2);

    /// <summary>Records <paramref name="body"/>, checked field by field already, against the report <paramref name="key"/>.</summary>
    public async Task<Answer<PaymentView>> RecordAsync(ReportKey key, ValidPayment body, string actor, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var reportId = key.ReportId;
        var row = await statuses.GetAsync(key, cancellationToken);
        if (row is null)
        {
            return ReportQuery.ReportNotFound(key);
        }

        // A payment for a report that is not in the ledger is a mistake in the payment run that finance must see.
        if (row.Outcome != ReportOutcome.Posted)
        {
            return Refusal.Conflict("report-not-posted", "Report not posted",
                $"Report {reportId} v{row.Version} is {row.Outcome}, not Posted: a payment cannot be recorded for it.");
        }

        if (row.TotalAmount is not { } total)
        {
            return Refusal.Conflict("report-total-unknown", "Report total unknown",
                $"The status of report {reportId} v{row.Version} carries no total, so a payment cannot be checked against it.");
        }

        if (!string.Equals(body.Currency, row.Currency, StringComparison.Ordinal))
        {
            return Invalid("The payment is not in the report's currency.", [new ProblemFieldError("/currency", $"The report is in {row.Currency}; the payment is in {body.Currency}.")]);
        }

        var fingerprint = Fingerprint(body.PaymentReference, body.Amount, body.Currency);

        // Payments recorded before they were kept per reference are known only to the audit trail and the status row.
        var earlier = (await audit.ReadAsync(key, cancellationToken))
            .FirstOrDefault(a => a.Step == Step && a.Outcome == AuditOutcomes.Confirmed && a.CorrelationId == body.PaymentReference);
        if (earlier is not null || string.Equals(row.PaymentReference, body.PaymentReference, StringComparison.Ordinal))
        {
            if (earlier is not null && earlier.InputSha256 != fingerprint)
            {
                return ReferenceReused(body.PaymentReference, $"was recorded on {earlier.At:u} with another amount or currency ({earlier.Detail})");
            }

            return await DuplicateAsync(key, row, body, actor, fingerprint, row.PaidAmount ?? body.Amount, total, cancellationToken);
        }

        // The payment's row and its amount are reserved before the source is told, in one transaction with the report's balance.
        var now = time.GetUtcNow();
        var reservation = await paymentStore.ReserveAsync(
            new PaymentRecord(key, body.PaymentReference, body.Amount, body.Currency, fingerprint, PaymentState.Pending, now, null), total, row.PaidAmount ?? 0m, cancellationToken);
        switch (reservation.Outcome)
        {
            case ReservationOutcome.ReferenceReused:
                return ReferenceReused(body.PaymentReference, $"was recorded on {reservation.Existing!.ReservedAt:u} for {Amount(reservation.Existing.Amount)} {reservation.Existing.Currency}");

            case ReservationOutcome.AlreadyConfirmed:
                return await DuplicateAsync(key, row, body, actor, fingerprint, reservation.Balance.Confirmed, total, cancellationToken);

            case ReservationOutcome.Pending when reservation.Existing!.ReservedAt > now - PendingLease:
                return Refusal.Conflict("payment-in-progress", "Payment being recorded",
                    $"Payment {body.PaymentReference} of report {reportId} is being recorded by another request since {reservation.Existing.ReservedAt:u}; send it again after {PendingLease.TotalSeconds:0} seconds if it does not show as paid.");

            case ReservationOutcome.OverPaid:
                var owed = total - reservation.Balance.Committed;
                return Invalid("The payment is more than the report still owes.", [new ProblemFieldError("/amount",
                    $"{Amount(body.Amount)} {body.Currency} is more than the {Amount(owed)} {body.Currency} still owed on report {reportId} (total {Amount(total)}, paid {Amount(reservation.Balance.Confirmed)}"
                    + (reservation.Balance.Reserved > 0 ? $", {Amount(reservation.Balance.Reserved)} being recorded)." : ")."))]);
        }

        // Reserved now, or pending since a request that never finished (the source may or may not have been told): tell it.
        var paidAmount = reservation.Balance.Committed;
        var payment = new ReportPayment(
            key, row.Version, row.InstanceId, row.EmployeeId, row.EmployeeName, body.PaidAt, body.Amount, body.Currency, body.PaymentReference, body.PaymentMethod,
            body.ErpDocumentNumber ?? row.ErpDocumentNumber, paidAmount, FullyPaid: paidAmount == total);

        string answer;
        try
        {
            answer = await ConfirmAsync(payment, client, cancellationToken);
        }
        catch (SourcePaymentException ex)
        {
            logger.LogWarning(ex, "Payment {PaymentReference} of {Source} report {ReportId} not confirmed: {Failure}", body.PaymentReference, key.Source, reportId, ex.Failure);
            await paymentStore.ReleaseAsync(key, body.PaymentReference, cancellationToken);
            await Append(key, row.Version, actor, AuditOutcomes.Failed, body.PaymentReference, fingerprint, $"{ex.Failure}: {ex.Message}", cancellationToken);
            var (kind, type, title) = ex.Failure switch
            {
                SourcePaymentFailure.Unavailable => (RefusalKind.Unavailable, "source-unavailable", $"{key.Source} is unavailable"),
                SourcePaymentFailure.Unanswerable => (RefusalKind.Conflict, "payment-not-deliverable", $"The payment cannot be sent to {key.Source}"),
                _ => (RefusalKind.UpstreamRefused, "source-refused", $"{key.Source} refused the payment"),
            };
            return new Refusal(kind, type, title, ex.Message + " Nothing was recorded as paid.");
        }

        var balance = await paymentStore.ConfirmAsync(key, body.PaymentReference, time.GetUtcNow(), cancellationToken);
        await statuses.RecordPaymentAsync(key, balance.Confirmed, body.PaidAt, body.PaymentReference, time.GetUtcNow(), cancellationToken);
        var summary = $"{(payment.FullyPaid ? "paid in full" : "part payment")} {Amount(body.Amount)} {body.Currency} ({Amount(paidAmount)} of {Amount(total)}); {answer}";
        await Append(key, row.Version, actor, AuditOutcomes.Confirmed, body.PaymentReference, fingerprint, summary, cancellationToken);

        // The paid event goes to the same targets as the run's events, with the same audit rows; a target that is down does not undo the payment.
        await statusFanOut.PublishToAllAsync(
            new StepContext(key.Source, key.ReportId, row.Version, row.InstanceId, actor), StatusEvents.Paid(row, payment, time.GetUtcNow()), cancellationToken);
        return Answer(row, body, paidAmount, total, duplicate: false, answer);
    }

    private async Task<Answer<PaymentView>> DuplicateAsync(
        ReportKey key, ReportStatusRecord row, ValidPayment body, string actor, string fingerprint, decimal paid, decimal total, CancellationToken cancellationToken)
    {
        var detail = $"payment {body.PaymentReference} was recorded before; the source is not told again";
        await Append(key, row.Version, actor, AuditOutcomes.Duplicate, body.PaymentReference, fingerprint, detail, cancellationToken);
        return Answer(row, body, paid, total, duplicate: true, detail);
    }

    private static Refusal ReferenceReused(string reference, string what) =>
        Refusal.Conflict("payment-reference-reused", "Payment reference already used", $"Payment {reference} {what}.");

    private async Task<string> ConfirmAsync(ReportPayment payment, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var source = payments.FirstOrDefault(p => string.Equals(p.Source, payment.Report.Source, StringComparison.OrdinalIgnoreCase));
        if (source is null)
        {
            return await callbackPayment.ConfirmPaymentAsync(payment, cancellationToken);
        }

        // The run's input knows the source document (Concur answers with the id inside it); null when the history is purged.
        var instance = await client.GetInstanceAsync(payment.InstanceId, getInputsAndOutputs: true, cancellationToken);
        var rawBlobName = instance?.ReadInputAs<ProcessReportInput>()?.RawBlobName;
        return await source.ConfirmPaymentAsync(payment, rawBlobName, cancellationToken);
    }

    private Task Append(ReportKey key, int version, string actor, string outcome, string reference, string fingerprint, string detail, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditRecord(key, version, time.GetUtcNow(), Step, outcome, actor, reference, fingerprint, detail), cancellationToken);

    private static PaymentView Answer(ReportStatusRecord row, ValidPayment body, decimal paidAmount, decimal total, bool duplicate, string detail) =>
        new(row.Source, row.ReportId, row.Version, body.PaymentReference, body.PaidAt, body.Amount, body.Currency, paidAmount, total, paidAmount >= total, duplicate, detail);

    /// <summary>The refusal of a payment body that cannot be accepted, naming each field at fault.</summary>
    public static Refusal Invalid(string detail, IReadOnlyList<ProblemFieldError> errors) =>
        Refusal.Invalid("invalid-payment", "The payment cannot be accepted", detail, errors);

    /// <summary>The <c>InputSha256</c> of a payment's audit rows: what tells a reused reference from a repeat, and lets a re-send trust an amount read back.</summary>
    internal static string Fingerprint(string paymentReference, decimal amount, string currency) =>
        Sha256.Hex(string.Join('|', paymentReference, Amount(amount), currency));

    private static string Amount(decimal amount) => amount.ToString("0.############################", CultureInfo.InvariantCulture);
}
