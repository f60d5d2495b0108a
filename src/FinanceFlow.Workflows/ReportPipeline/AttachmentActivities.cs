using System.Globalization;
using System.Text.Json;
using FinanceFlow.Core.Attachments;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.Audit;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>Moves receipts into Blob storage, checking what they really are.</summary>
public sealed class AttachmentActivities(IRawPayloadStore rawPayloads, IAttachmentStore attachments, ReceiptDownloader downloader, StepAudit audit)
{
    public async Task<AttachmentsResult> StoreAttachments(AttachmentsRequest request, CancellationToken cancellationToken)
    {
        var report = request.Report;
        var stored = new List<Attachment>(report.Attachments.Count);
        var findings = new List<Finding>();
        JsonDocument? raw = null;
        try
        {
            foreach (var attachment in report.Attachments)
            {
                var path = string.Create(CultureInfo.InvariantCulture, $"/attachments/{attachment.Index}");
                byte[]? content;
                if (attachment.InlineContent)
                {
                    raw ??= JsonDocument.Parse((await rawPayloads.ReadAsync(request.RawBlobName, cancellationToken)).ToMemory());
                    content = ReadInline(raw, attachment.Index);
                    if (content is null)
                    {
                        findings.Add(new Finding("receipt-not-base64", $"Receipt '{attachment.FileName}' is not valid base64.", path + "/contentBase64"));
                        continue;
                    }
                }
                else
                {
                    try
                    {
                        content = await downloader.DownloadAsync(new Uri(attachment.Url!), cancellationToken);
                    }
                    catch (HttpRequestException ex)
                    {
                        findings.Add(new Finding("receipt-unavailable", $"Receipt '{attachment.FileName}' could not be fetched from {attachment.Url}: {ex.Message}", path + "/url"));
                        continue;
                    }
                }

                if (content is null || content.LongLength > ReceiptContent.MaxBytes)
                {
                    findings.Add(new Finding("receipt-too-large", $"Receipt '{attachment.FileName}' is larger than 10 MiB.", path));
                    continue;
                }

                var contentType = ReceiptContent.Sniff(content);
                if (contentType is null)
                {
                    findings.Add(new Finding(
                        "receipt-type-not-allowed",
                        $"Receipt '{attachment.FileName}' (declared {attachment.ContentType ?? "without a type"}) is not a PDF, JPEG, PNG or HEIC file.",
                        path));
                    continue;
                }

                var saved = await attachments.SaveAsync(report.Source, report.ReportId, attachment.Index, attachment.FileName, contentType, BinaryData.FromBytes(content), cancellationToken);
                stored.Add(attachment with { ContentType = saved.ContentType, Sha256 = saved.Sha256, Length = saved.Length, BlobName = saved.BlobName });
            }
        }
        finally
        {
            raw?.Dispose();
        }

        var outcome = findings.Count == 0 ? AuditOutcomes.Stored : AuditOutcomes.Refused;
        await audit.RecordAsync(request.Step, nameof(StoreAttachments), outcome, request, $"{stored.Count} stored, {findings.Count} refused", cancellationToken);
        return new AttachmentsResult(stored, findings);
    }

    private static byte[]? ReadInline(JsonDocument raw, int index)
    {
        try
        {
            var base64 = raw.RootElement.GetProperty("attachments")[index].GetProperty("contentBase64").GetString();
            return base64 is null ? null : Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
