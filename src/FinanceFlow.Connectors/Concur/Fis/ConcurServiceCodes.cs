namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>The FIS service codes of the guide's table (v4 financial integration, 2026-08, "Service Codes").</summary>
/// <remarks>
/// The table is the authority where the guide's samples differ: its payment-confirmation sample answers code 298 with
/// <c>NOOP</c> "already exist", but the table says 298 is an invalid payment request that will not work if sent again,
/// and 213 is the payment confirmation posted before.
/// </remarks>
public static class ConcurServiceCodes
{
    /// <summary>Successfully processed.</summary>
    public const int Success = 0;

    /// <summary>Acknowledgement: the document was acknowledged before.</summary>
    public const int PreviouslyAcknowledged = 101;

    /// <summary>Posting: the document has not been acknowledged.</summary>
    public const int NotAcknowledged = 111;

    /// <summary>Posting: the document has been recalled.</summary>
    public const int Recalled = 112;

    /// <summary>Posting: a posting confirmation has been posted for this document before.</summary>
    public const int PostingAlreadyConfirmed = 113;

    /// <summary>Posting: the document does not exist in the FI database.</summary>
    public const int DocumentNotFound = 116;

    /// <summary>Unknown error, try again later.</summary>
    public const int TryAgainLater = 199;

    /// <summary>A payment confirmation has been posted for this document before.</summary>
    public const int PaymentAlreadyConfirmed = 213;

    /// <summary>Invalid payment request: the same request will not work if tried again.</summary>
    public const int InvalidPaymentRequest = 298;
}
