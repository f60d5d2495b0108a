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
        if (report.Attachments.Count > ReceiptContent.MaxAttachments)
        {
            // Bounded before anything is fetched: one report cannot make FinanceFlow download an unlimited number of files.
            findings.Add(new Finding(
                ReceiptFindings.TooMany,
                string.Create(CultureInfo.InvariantCulture, $"The report has {report.Attachments.Count} receipts; at most {ReceiptContent.MaxAttachments} are accepted."),
                "/attachments"));
            return await RecordAsync(request, stored, findings, cancellationToken);
        }

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
                        findings.Add(new Finding(ReceiptFindings.NotBase64, $"Receipt '{attachment.FileName}' is not valid base64.", path + "/contentBase64"));
                        continue;
                    }
                }
                else
                {
                    var download = Uri.TryCreate(attachment.Url, UriKind.Absolute, out var url)
                        ? await downloader.DownloadAsync(report.Source, url, cancellationToken)
                        : ReceiptDownload.Refused(ReceiptFindings.NotHttps, "its URL is not an absolute https URL");
                    if (download.Content is null)
                    {
                        findings.Add(new Finding(download.RefusalCode!, $"Receipt '{attachment.FileName}' was not fetched: {download.Reason}.", path + "/url"));
                        continue;
                    }

                    content = download.Content;
                }

                if (content.LongLength > ReceiptContent.MaxBytes)
                {
                    findings.Add(new Finding(ReceiptFindings.TooLarge, $"Receipt '{attachment.FileName}' is larger than 10 MiB.", path));
                    continue;
                }

                var contentType = ReceiptContent.Sniff(content);
                if (contentType is null)
                {
                    findings.Add(new Finding(
                        ReceiptFindings.TypeNotAllowed,
                        $"Receipt '{attachment.FileName}' (declared {attachment.ContentType ?? "without a type"}) is not a PDF, JPEG, PNG or HEIC file.",
                        path));
                    continue;
                }

                var saved = await attachments.SaveAsync(
                    new ReceiptName(report.Source, report.ReportId, report.Version, attachment.Index, attachment.FileName), contentType, BinaryData.FromBytes(content), cancellationToken);
                stored.Add(attachment with { ContentType = saved.ContentType, Sha256 = saved.Sha256, Length = saved.Length, BlobName = saved.BlobName });
            }
        }
        finally
        {
            raw?.Dispose();
        }

        return await RecordAsync(request, stored, findings, cancellationToken);
    }

    private async Task<AttachmentsResult> RecordAsync(AttachmentsRequest request, List<Attachment> stored, List<Finding> findings, CancellationToken cancellationToken)
    {
        var outcome = findings.Count == 0 ? AuditOutcomes.Stored : AuditOutcomes.Refused;
        var detail = findings.Count == 0
            ? $"{stored.Count} stored"
            : $"{stored.Count} stored, {findings.Count} refused: {string.Join(", ", findings.Select(f => f.Code).Distinct(StringComparer.Ordinal))}";
        await audit.RecordAsync(request.Step, nameof(StoreAttachments), outcome, request, detail, cancellationToken);
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
