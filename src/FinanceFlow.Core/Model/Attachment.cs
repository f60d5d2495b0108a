namespace FinanceFlow.Core.Model;

/// <summary>A receipt. Its bytes never travel with the report: inline content stays in the raw payload until stored.</summary>
/// <param name="Index">Position in the source payload's attachment list.</param>
/// <param name="InlineContent">True when the raw payload carries the bytes (base64).</param>
/// <param name="Url">Where to fetch it when not inline (https only).</param>
/// <param name="BlobName">Set once stored: the blob in the attachments container.</param>
public sealed record Attachment(
    int Index,
    string FileName,
    string? ContentType,
    string? LineId,
    bool InlineContent,
    string? Url,
    string? Sha256 = null,
    long? Length = null,
    string? BlobName = null);
