using System.Net;
using System.Text;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.ReportPipeline;
using Moq;

namespace FinanceFlow.Workflows.Tests.ReportPipeline;

public sealed class AttachmentActivitiesTests
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    private readonly Mock<IRawPayloadStore> _raw = new();
    private readonly Mock<IAttachmentStore> _attachments = new();
    private readonly Mock<IAuditTrail> _audit = new();
    private readonly List<(string Name, string ContentType, byte[] Bytes)> _saved = [];
    private readonly StepContext _step = new("canonical", "R-1001", 1, "expense:canonical:R-1001:v1", "canonical-webhook");

    public AttachmentActivitiesTests()
    {
        _attachments.Setup(a => a.SaveAsync("canonical", "R-1001", It.IsAny<int>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<BinaryData>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string _, int index, string name, string type, BinaryData content, CancellationToken _) =>
            {
                _saved.Add((name, type, content.ToArray()));
                return new StoredAttachment($"canonical/R-1001/{index}-{name}", type, Core.Hashing.Sha256.Hex(content.ToArray()), content.ToArray().Length);
            });
        _audit.Setup(a => a.AppendAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
    }

    [Fact]
    public async Task StoreAttachments_InlinePdf_StoresItWithSniffedTypeAndHash()
    {
        RawWith(("receipt.pdf", "application/pdf", Pdf));
        var report = Report(new Attachment(0, "receipt.pdf", "application/pdf", "1", InlineContent: true, Url: null));

        var result = await Activities(new Handler(_ => throw new InvalidOperationException("no fetch expected"))).StoreAttachments(new AttachmentsRequest(_step, report, "raw.json"), CancellationToken.None);

        Assert.Empty(result.Findings);
        var stored = Assert.Single(result.Attachments);
        Assert.Equal("canonical/R-1001/0-receipt.pdf", stored.BlobName);
        Assert.Equal("application/pdf", stored.ContentType);
        Assert.Equal(Core.Hashing.Sha256.Hex(Pdf), stored.Sha256);
        Assert.Equal(Pdf, Assert.Single(_saved).Bytes);
    }

    [Fact]
    public async Task StoreAttachments_TextDeclaredAsPdf_IsRefusedAndNothingStored()
    {
        RawWith(("receipt.pdf", "application/pdf", Encoding.ASCII.GetBytes("just some text, not a receipt")));
        var report = Report(new Attachment(0, "receipt.pdf", "application/pdf", "1", InlineContent: true, Url: null));

        var result = await Activities(new Handler(_ => throw new InvalidOperationException())).StoreAttachments(new AttachmentsRequest(_step, report, "raw.json"), CancellationToken.None);

        var finding = Assert.Single(result.Findings);
        Assert.Equal("receipt-type-not-allowed", finding.Code);
        Assert.Equal("/attachments/0", finding.Path);
        Assert.Contains("declared application/pdf", finding.Message, StringComparison.Ordinal);
        Assert.Empty(_saved);
    }

    [Fact]
    public async Task StoreAttachments_HttpsUrl_FetchesAndStoresTheImage()
    {
        RawWith();
        var report = Report(new Attachment(0, "taxi.png", "image/png", null, InlineContent: false, Url: "https://receipts.example.com/taxi.png"));
        var handler = new Handler(request => request.RequestUri!.AbsoluteUri == "https://receipts.example.com/taxi.png"
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Png) }
            : new HttpResponseMessage(HttpStatusCode.NotFound));

        var result = await Activities(handler).StoreAttachments(new AttachmentsRequest(_step, report, "raw.json"), CancellationToken.None);

        Assert.Empty(result.Findings);
        Assert.Equal("image/png", Assert.Single(result.Attachments).ContentType);
    }

    [Fact]
    public async Task StoreAttachments_UrlAnswers404_RefusedWithTheCause()
    {
        RawWith();
        var report = Report(new Attachment(0, "taxi.png", "image/png", null, InlineContent: false, Url: "https://receipts.example.com/gone.png"));

        var result = await Activities(new Handler(_ => new HttpResponseMessage(HttpStatusCode.NotFound))).StoreAttachments(new AttachmentsRequest(_step, report, "raw.json"), CancellationToken.None);

        var finding = Assert.Single(result.Findings);
        Assert.Equal("receipt-unavailable", finding.Code);
        Assert.Contains("https://receipts.example.com/gone.png", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoreAttachments_Over10MiB_IsRefused()
    {
        var big = new byte[(10 * 1024 * 1024) + 1];
        Pdf.CopyTo(big, 0);
        RawWith(("scan.pdf", "application/pdf", big));
        var report = Report(new Attachment(0, "scan.pdf", "application/pdf", null, InlineContent: true, Url: null));

        var result = await Activities(new Handler(_ => throw new InvalidOperationException())).StoreAttachments(new AttachmentsRequest(_step, report, "raw.json"), CancellationToken.None);

        Assert.Equal("receipt-too-large", Assert.Single(result.Findings).Code);
        Assert.Empty(_saved);
    }

    private AttachmentActivities Activities(HttpMessageHandler handler) =>
        new(_raw.Object, _attachments.Object, new ReceiptDownloader(new HttpClient(handler)), new StepAudit(_audit.Object, TimeProvider.System));

    private void RawWith(params (string Name, string Type, byte[] Bytes)[] inline)
    {
        var attachments = string.Join(",", inline.Select(a => $$"""{"fileName":"{{a.Name}}","contentType":"{{a.Type}}","contentBase64":"{{Convert.ToBase64String(a.Bytes)}}"}"""));
        _raw.Setup(r => r.ReadAsync("raw.json", It.IsAny<CancellationToken>())).ReturnsAsync(BinaryData.FromString($$"""{"attachments":[{{attachments}}]}"""));
    }

    private static ExpenseReport Report(params Attachment[] attachments) => SampleReports.Dinner() with { Attachments = attachments };

    private sealed class Handler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }
}
