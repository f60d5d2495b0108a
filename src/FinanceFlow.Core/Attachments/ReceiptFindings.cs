namespace FinanceFlow.Core.Attachments;

/// <summary>The finding codes of the attachments step, spelled once: a report's findings keep them.</summary>
public static class ReceiptFindings
{
    /// <summary>A warning: the report is posted, but the ERP did not take its receipts (they stay in FinanceFlow's blob storage).</summary>
    public const string NotAttachedInErp = "erp-receipt-not-attached";

    /// <summary>Inline content that is not base64.</summary>
    public const string NotBase64 = "receipt-not-base64";

    /// <summary>Larger than <see cref="ReceiptContent.MaxBytes"/> (announced or read).</summary>
    public const string TooLarge = "receipt-too-large";

    /// <summary>Not a PDF, JPEG, PNG or HEIC file by its first bytes.</summary>
    public const string TypeNotAllowed = "receipt-type-not-allowed";

    /// <summary>The host could not be reached or answered with an error status.</summary>
    public const string Unavailable = "receipt-unavailable";

    /// <summary>A URL that is not https.</summary>
    public const string NotHttps = "receipt-not-https";

    /// <summary>The source lists no receipt host: its receipts are not downloaded.</summary>
    public const string DownloadsOff = "receipt-downloads-off";

    /// <summary>The URL's host is not in the source's receipt hosts.</summary>
    public const string HostNotAllowed = "receipt-host-not-allowed";

    /// <summary>The host resolves only to addresses FinanceFlow does not connect to (loopback, private, link-local, …).</summary>
    public const string AddressNotAllowed = "receipt-address-not-allowed";

    /// <summary>The host answered with a redirect; redirects are not followed.</summary>
    public const string Redirected = "receipt-redirect-refused";

    /// <summary>The receipt did not arrive within the time limit.</summary>
    public const string TimedOut = "receipt-timeout";

    /// <summary>More receipts than <see cref="ReceiptContent.MaxAttachments"/> in one report.</summary>
    public const string TooMany = "too-many-receipts";
}
