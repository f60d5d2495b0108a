using System.Net;
using FinanceFlow.Connectors.Callbacks;
using FinanceFlow.Core.Model;
using Polly.Timeout;

namespace FinanceFlow.Workflows.Sources;

/// <summary>
/// The payment of a report from a source without a payment API of its own (the canonical webhook): a signed <c>Paid</c> status
/// callback when the source has a <c>CallbackUrl</c>; otherwise the payment is only recorded.
/// </summary>
public sealed class CallbackPayment(ISourceCallbackClient callbacks, TimeProvider time)
{
    public async Task<string> ConfirmPaymentAsync(ReportPayment payment, CancellationToken cancellationToken)
    {
        var callback = new StatusCallback(
            payment.Report.Source, payment.Report.ReportId, payment.Version, ReportOutcome.Paid, payment.ErpDocumentNumber, [], time.GetUtcNow(),
            new PaymentCallback(payment.PaidAt, payment.Amount, payment.Currency, payment.PaymentReference, payment.PaidAmount, payment.FullyPaid));

        // One webhook-id per payment: a repeated request is the same message to the receiver.
        var messageId = $"{payment.InstanceId}:paid:{payment.PaymentReference}";
        try
        {
            return await callbacks.SendAsync(callback, messageId, cancellationToken) == CallbackDelivery.Delivered
                ? $"paid callback {messageId} delivered"
                : "no callback URL for the source; payment recorded only";
        }
        catch (HttpRequestException ex)
        {
            var failure = ex.StatusCode is null or >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
                ? SourcePaymentFailure.Unavailable
                : SourcePaymentFailure.Refused;
            throw new SourcePaymentException(failure, $"The paid callback {messageId} failed: {ex.Message}", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new SourcePaymentException(SourcePaymentFailure.Unavailable, $"The paid callback {messageId} timed out: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // A CallbackUrl without a WebhookSecret: the message names the setting.
            throw new SourcePaymentException(SourcePaymentFailure.Refused, ex.Message, ex);
        }
    }
}
