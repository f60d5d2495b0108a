using System.Globalization;
using FinanceFlow.Connectors.Concur;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Sources;

/// <summary>Sends Concur the payment confirmation of an expense document: CP when the report is paid in full, PP for a part.</summary>
public sealed class ConcurPayment(ConcurFisClient client, IRawPayloadStore rawPayloads, IOptionsMonitor<ConcurPostingOptions> posting) : ISourcePayment
{
    private const string DocType = "expense";

    public string Source => SourceNames.Concur;

    public async Task<string> ConfirmPaymentAsync(ReportPayment payment, string? rawBlobName, CancellationToken cancellationToken)
    {
        // Concur matches the confirmation by the FIS document id, which only the stored document carries.
        if (string.IsNullOrWhiteSpace(rawBlobName))
        {
            throw new SourcePaymentException(SourcePaymentFailure.Unanswerable,
                $"The run of Concur report {payment.Report.ReportId} is gone, so its FIS document id is unknown and the payment cannot be confirmed.");
        }

        var blob = await rawPayloads.ReadAsync(rawBlobName, cancellationToken);
        var document = ConcurDocumentParser.Parse(blob.ToMemory()).Document
            ?? throw new SourcePaymentException(SourcePaymentFailure.Unanswerable, $"The Concur document {rawBlobName} cannot be read, so its payment cannot be confirmed.");
        var documentId = document.Id is { Length: > 0 } id
            ? id
            : throw new SourcePaymentException(SourcePaymentFailure.Unanswerable, $"The Concur document {rawBlobName} has no id, so its payment cannot be confirmed.");

        var confirmation = new ConcurPaymentConfirmation(
            documentId,
            payment.FullyPaid ? ConcurPaymentStatus.CompletelyPaid : ConcurPaymentStatus.PartiallyPaid,
            [new ConcurClearingDetail(payment.PaidAt, payment.Amount, payment.Currency, Receiver(document, payment), Reference(document, payment))]);

        ConcurConfirmationResult answer;
        try
        {
            answer = await client.ConfirmPaymentAsync(DocType, confirmation, cancellationToken);
        }
        catch (ConcurUnavailableException ex)
        {
            throw new SourcePaymentException(SourcePaymentFailure.Unavailable, ex.Message, ex);
        }
        catch (ConcurFisException ex)
        {
            throw new SourcePaymentException(SourcePaymentFailure.Refused, ex.Message, ex);
        }

        if (!answer.IsConfirmed)
        {
            throw new SourcePaymentException(SourcePaymentFailure.Refused,
                $"Concur did not take the payment confirmation of document {documentId}: {answer.Outcome} ({answer.Result} code {answer.Code}) {answer.Message}".TrimEnd());
        }

        var status = payment.FullyPaid ? "CP" : "PP";
        return answer.Outcome == ConcurConfirmationOutcome.AlreadyConfirmed
            ? $"Concur had the payment confirmation of {documentId} already (code {answer.Code}, paymentRef {answer.PaymentRef ?? payment.PaymentReference})"
            : $"Concur took the payment confirmation of {documentId}: {status}, paymentRef {answer.PaymentRef ?? payment.PaymentReference}";
    }

    /// <summary>The employee the expense report belongs to: the one reimbursed.</summary>
    private static ConcurPaymentReceiver Receiver(ConcurFinancialDocument document, ReportPayment payment)
    {
        var employee = document.Expense?.Employee;
        var receiverId = employee?.EmployeeId?.Trim() is { Length: > 0 } id ? id
            : payment.EmployeeId is { Length: > 0 } known ? known
            : throw new SourcePaymentException(SourcePaymentFailure.Unanswerable, $"The Concur document {document.Id} names no employee to receive the payment.");
        var name = employee?.DisplayName is { Length: > 0 } display ? display : payment.EmployeeName ?? receiverId;
        return new ConcurPaymentReceiver(receiverId, name);
    }

    private ConcurClearingReference Reference(ConcurFinancialDocument document, ReportPayment payment)
    {
        // The ledger's legal entity, as the posting used (ConcurDocumentFacts.LegalEntity).
        var settings = posting.CurrentValue.For(document.CompanyId);
        var companyCode = !string.IsNullOrWhiteSpace(settings.LegalEntity) ? settings.LegalEntity : document.CompanyId ?? "";

        // Fiscal year = calendar year of the payment; the ERP's own fiscal calendar is not known here (as for the posting confirmation).
        return new ConcurClearingReference(
            companyCode,
            payment.ErpDocumentNumber ?? "",
            payment.PaidAt.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture),
            payment.PaymentReference,
            payment.PaymentMethod);
    }
}
