namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>The payment state of one document sent to Concur (<c>processingConfirmation[]</c>).</summary>
public sealed record ConcurPaymentConfirmation(
    string DocumentId, ConcurPaymentStatus Status, IReadOnlyList<ConcurClearingDetail> ClearingDetails, string? AdditionalMessage = null);

/// <summary><c>processingStatusCode</c>.</summary>
public enum ConcurPaymentStatus
{
    /// <summary><c>CP</c>: completely paid.</summary>
    CompletelyPaid,

    /// <summary><c>PP</c>: partially paid.</summary>
    PartiallyPaid,

    /// <summary><c>RE</c>: payment reversed; say why in the additional message.</summary>
    Reversal,

    /// <summary><c>OB</c>: obsolete; say why in the additional message.</summary>
    Obsolete,
}

/// <summary>One payment that cleared the document (<c>clearingDetails[]</c>).</summary>
public sealed record ConcurClearingDetail(
    DateTimeOffset ClearingDate, decimal ClearingAmount, string ClearingCurrency, ConcurPaymentReceiver Receiver, ConcurClearingReference ClearingReference);

/// <summary>Who was paid (<c>receiver</c>).</summary>
public sealed record ConcurPaymentReceiver(string ReceiverId, string ReceiverName, string ReceiverType = "EMPLOYEE");

/// <summary>The ERP payment document (<c>clearingReference</c>); <paramref name="PaymentMethod"/> is <c>E</c> (transfer) or <c>C</c> (check).</summary>
public sealed record ConcurClearingReference(string CompanyCode, string FinancialDocumentId, string FiscalYear, string PaymentRef, string PaymentMethod);
