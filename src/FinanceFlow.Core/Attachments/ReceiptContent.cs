namespace FinanceFlow.Core.Attachments;

/// <summary>Decides what a receipt really is from its first bytes; the declared content type is not trusted.</summary>
public static class ReceiptContent
{
    /// <summary>Largest receipt accepted: 10 MiB.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>Most receipts one report may carry; the canonical schema's <c>attachments</c> <c>maxItems</c> says the same.</summary>
    public const int MaxAttachments = 50;

    public const string Pdf = "application/pdf";
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const string Heic = "image/heic";

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly string[] HeicBrands = ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"];

    /// <summary>The sniffed content type (PDF, JPEG, PNG or HEIC), or null for anything else.</summary>
    public static string? Sniff(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(PdfMagic))
        {
            return Pdf;
        }

        if (content.Length >= 3 && content[0] == 0xFF && content[1] == 0xD8 && content[2] == 0xFF)
        {
            return Jpeg;
        }

        if (content.StartsWith(PngMagic))
        {
            return Png;
        }

        // ISO base media file: size(4) "ftyp" brand(4).
        if (content.Length >= 12 && content.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            var brand = System.Text.Encoding.ASCII.GetString(content.Slice(8, 4));
            if (HeicBrands.Contains(brand, StringComparer.Ordinal))
            {
                return Heic;
            }
        }

        return null;
    }
}
