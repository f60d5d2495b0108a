using System.Globalization;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Payments;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.Operations;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.PaymentSync;

/// <summary>
/// The scheduled payment sync: reads every ledger's payments of FinanceFlow's documents (<see cref="IErpPayments"/>) and records each
/// on its report through the payment operation (<see cref="ReportPayments"/>), so the source is told (Concur's payment confirmation,
/// Expensify REIMBURSED, the signed callback) and the <c>paid</c> event published exactly as for the payment route. The ERP's payment id
/// is the payment reference: a payment already recorded is passed over without a write, so a second run changes nothing.
/// </summary>
public sealed class LedgerPaymentSync(
    IErpLedgers ledgers,
    IReportStatusStore statuses,
    IPaymentStore paymentStore,
    ReportPayments payments,
    IAuditTrail audit,
    IOptionsMonitor<PaymentSyncOptions> options,
    TimeProvider time,
    ILogger<LedgerPaymentSync> logger)
{
    /// <summary>The actor of the scheduled run, on its audit rows and the payments it records.</summary>
    public const string ScheduleActor = "payment-sync";

    public async Task<PaymentSyncSummary> RunAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (!settings.Enabled)
        {
            logger.LogInformation("Payment sync skipped: {Setting} is false", $"{PaymentSyncOptions.SectionName}:{nameof(PaymentSyncOptions.Enabled)}");
            return PaymentSyncSummary.Disabled;
        }

        var started = time.GetUtcNow();
        var since = DateOnly.FromDateTime(started.UtcDateTime).AddDays(-settings.LookbackDays);
        var reports = await PostedReportsAsync(cancellationToken);
        int read = 0, applied = 0, already = 0, unmatched = 0, refused = 0, unreadable = 0, unavailable = 0, withoutStatus = 0;
        var notes = new List<string>();
        foreach (var ledger in ledgers.Distinct())
        {
            if (ledger.Reader is not IErpPayments { HasPaymentStatus: true } reader)
            {
                withoutStatus++;
                continue;
            }

            ErpPaymentRead found;
            try
            {
                found = await reader.ListPaymentsAsync(since, cancellationToken);
            }
            catch (ErpUnavailableException ex)
            {
                logger.LogError(ex, "Payment sync: ledger {Ledger} could not be read", ledger.DisplayName);
                unavailable++;
                notes.Add($"ledger {ledger.DisplayName} unreadable: {ex.Message}");
                continue;
            }

            foreach (var problem in found.Problems)
            {
                logger.LogWarning("Payment sync: ledger {Ledger}: {Problem}", ledger.DisplayName, problem);
                notes.Add($"{ledger.DisplayName}: {problem}");
            }

            unreadable += found.Problems.Count;
            read += found.Payments.Count;
            foreach (var payment in found.Payments)
            {
                if (!reports.TryGetValue(payment.Reference, out var key))
                {
                    unmatched++;
                    logger.LogWarning("Payment sync: payment {PaymentId} in ledger {Ledger} pays {Reference}, which is no posted report", payment.PaymentId, ledger.DisplayName, payment.Reference);
                    notes.Add($"{ledger.DisplayName}: payment {payment.PaymentId} pays {payment.Reference}, which is no posted report");
                    continue;
                }

                switch (await ApplyAsync(key, payment, ledger.DisplayName, client, cancellationToken))
                {
                    case Applied.Now:
                        applied++;
                        break;
                    case Applied.Before:
                        already++;
                        break;
                    default:
                        refused++;
                        break;
                }
            }
        }

        var summary = new PaymentSyncSummary(read, applied, already, unmatched, refused, unreadable, unavailable, withoutStatus);
        logger.LogInformation("Payment sync: {Summary}", summary);
        var day = started.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var runId = string.Create(CultureInfo.InvariantCulture, $"pay-{started.UtcDateTime:yyyyMMddTHHmmss}Z");
        var detail = string.Join("; ", [summary.ToString(), .. notes]);
        await audit.AppendAsync(
            new AuditRecord(new ReportKey(AuditPartitions.Payments, day), 1, time.GetUtcNow(), AuditSteps.PaymentSync,
                unavailable > 0 ? AuditOutcomes.SyncedWithProblems : AuditOutcomes.Synced, ScheduleActor, runId, Sha256.Hex(detail), Cut(detail)),
            cancellationToken);
        return summary;
    }

    private enum Applied
    {
        Now,
        Before,
        Refused,
    }

    private async Task<Applied> ApplyAsync(ReportKey key, ErpPayment payment, string ledger, DurableTaskClient client, CancellationToken cancellationToken)
    {
        // Read before anything is written: a payment recorded once is never recorded, audited or told to the source again.
        var recorded = await paymentStore.ListAsync(key, cancellationToken);
        if (recorded.Any(p => p.PaymentReference == payment.PaymentId && p.State == PaymentState.Confirmed))
        {
            return Applied.Before;
        }

        var body = new ValidPayment(
            new DateTimeOffset(payment.PaidOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), payment.Amount, payment.Currency, payment.PaymentId, "E", null);
        var answer = await payments.RecordAsync(key, body, ScheduleActor, client, cancellationToken);
        if (answer.Value is { } view)
        {
            logger.LogInformation(
                "Payment sync: payment {PaymentId} of {Amount} {Currency} from ledger {Ledger} recorded on {Report} ({Detail})",
                payment.PaymentId, payment.Amount, payment.Currency, ledger, key, view.Detail);
            return view.Duplicate ? Applied.Before : Applied.Now;
        }

        var refusal = answer.Refusal!;
        var reason = $"payment {payment.PaymentId} of {payment.Amount.ToString(CultureInfo.InvariantCulture)} {payment.Currency} from ledger {ledger} not recorded: "
            + $"{refusal.Title}: {refusal.Detail}{string.Concat((refusal.Errors ?? []).Select(e => $" {e.Pointer} {e.Detail}"))}";
        logger.LogWarning("Payment sync: {Reason}", reason);

        // The payment operation audits what it tried with the source; a refusal before that is audited here, once per payment and reason.
        var fingerprint = Sha256.Hex(reason);
        var trail = await audit.ReadAsync(key, cancellationToken);
        if (!trail.Any(a => a.Step == AuditSteps.PaymentSync && a.CorrelationId == payment.PaymentId && a.InputSha256 == fingerprint))
        {
            var version = (await statuses.GetAsync(key, cancellationToken))?.Version ?? 1;
            await audit.AppendAsync(
                new AuditRecord(key, version, time.GetUtcNow(), AuditSteps.PaymentSync, AuditOutcomes.Refused, ScheduleActor, payment.PaymentId, fingerprint, Cut(reason)),
                cancellationToken);
        }

        return Applied.Refused;
    }

    /// <summary>Every posted report by the references its journals went to the ledgers under (current and earlier schemes).</summary>
    private async Task<Dictionary<string, ReportKey>> PostedReportsAsync(CancellationToken cancellationToken)
    {
        var byReference = new Dictionary<string, ReportKey>(StringComparer.Ordinal);
        foreach (var row in await statuses.ListByOutcomeAsync([ReportOutcome.Posted], cancellationToken))
        {
            var key = new ReportKey(row.Source, row.ReportId);
            IEnumerable<string?> references = [ExternalReference.For(key), ExternalReference.PreviousFor(key), .. (row.Documents ?? []).Select(d => d.Reference)];
            foreach (var reference in references.OfType<string>())
            {
                byReference.TryAdd(reference, key);
            }
        }

        return byReference;
    }

    private static string Cut(string text) => text.Length <= 4000 ? text : text[..3999] + "…";
}
