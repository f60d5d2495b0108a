using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>The FIS request and response bodies, shaped exactly as the guide's samples.</summary>
internal static class ConcurFisWire
{
    /// <summary>
    /// One of the two formats the guide accepts for <c>clearingDate</c>: UTC with exactly three fraction digits and a Z
    /// (its sample's ".27Z" is not one of them; other forms may show the wrong date in Concur's Report Payments page).
    /// </summary>
    public const string ClearingDateFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    // The guide's sample sends ids only; systemId goes along when one is configured.
    public static AcknowledgeJson Acknowledge(string documentId, string systemId) =>
        new([documentId], string.IsNullOrEmpty(systemId) ? null : systemId);

    public static PostingRequestJson Posting(ConcurPostingConfirmation c, string systemId) => new(systemId,
    [
        new PostingItemJson(
            c.DocumentId,
            c.Succeeded ? "success" : "error",
            [.. c.PostingDocuments.Select(d => new PostingDocJson(
                d.CompanyId, d.DocumentNumber, d.FiscalYear.ToString(CultureInfo.InvariantCulture), [], d.PostingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))],
            [.. c.SystemMessages.Select(m => new SystemMessageJson(
                m.ConcurTransactionLineItemId, m.MessageId, m.MessageLanguage, m.MessageLongText, m.MessageShortText))]),
    ]);

    public static PaymentRequestJson Payment(ConcurPaymentConfirmation c, string systemId) => new(systemId,
    [
        new PaymentItemJson(
            c.DocumentId,
            c.Status switch
            {
                ConcurPaymentStatus.CompletelyPaid => "CP",
                ConcurPaymentStatus.PartiallyPaid => "PP",
                ConcurPaymentStatus.Reversal => "RE",
                ConcurPaymentStatus.Obsolete => "OB",
                _ => throw new ArgumentOutOfRangeException(nameof(c), c.Status, "Unknown payment status."),
            },
            c.AdditionalMessage,
            [.. c.ClearingDetails.Select(d => new ClearingJson(
                d.ClearingDate.UtcDateTime.ToString(ClearingDateFormat, CultureInfo.InvariantCulture),
                d.ClearingAmount,
                d.ClearingCurrency,
                new ReceiverJson(d.Receiver.ReceiverId, d.Receiver.ReceiverName, d.Receiver.ReceiverType),
                new ClearingReferenceJson(
                    d.ClearingReference.CompanyCode, d.ClearingReference.FinancialDocumentId, d.ClearingReference.FiscalYear,
                    d.ClearingReference.PaymentRef, d.ClearingReference.PaymentMethod)))]),
    ]);

    internal sealed record AcknowledgeJson(
        string[] Ids, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SystemId);

    internal sealed record PostingRequestJson(string SystemId, PostingItemJson[] PostingConfirmations);

    internal sealed record PostingItemJson(string DocId, string OverallPostingStatusCode, PostingDocJson[] PostingDocs, SystemMessageJson[] SystemMessages);

    internal sealed record PostingDocJson(string CompanyId, string DocumentNumber, string FiscalYear, object[] PaymentRelevantLineItems, string PostingDate);

    internal sealed record SystemMessageJson(
        string ConcurTransactionLineItemId, string MessageId, string MessageLanguage, string MessageLongText, string MessageShortText);

    internal sealed record PaymentRequestJson(string SystemId, PaymentItemJson[] ProcessingConfirmation);

    internal sealed record PaymentItemJson(
        string DocId,
        string ProcessingStatusCode,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AdditionalMessage,
        ClearingJson[] ClearingDetails);

    internal sealed record ClearingJson(string ClearingDate, decimal ClearingAmount, string ClearingCurrency, ReceiverJson Receiver, ClearingReferenceJson ClearingReference);

    internal sealed record ReceiverJson(string ReceiverId, string ReceiverName, string ReceiverType);

    internal sealed record ClearingReferenceJson(string CompanyCode, string FinancialDocumentId, string FiscalYear, string PaymentRef, string PaymentMethod);

    /// <summary>One entry of an acknowledgement, posting or payment confirmation answer.</summary>
    internal sealed class ResultItemJson
    {
        public int Code { get; set; }

        public string? DocId { get; set; }

        public string? AcknowledgeResult { get; set; }

        public string? PostingConfirmationResult { get; set; }

        public string? PaymentConfirmationResult { get; set; }

        public string? ErrorMessage { get; set; }

        public string? DetailMessage { get; set; }

        public string? PaymentRef { get; set; }

        public string Message => string.Join(" ", new[] { ErrorMessage, DetailMessage }.Where(m => !string.IsNullOrWhiteSpace(m))).Trim();
    }
}
