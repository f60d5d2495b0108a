using System.Net;
using System.Text;
using FinanceFlow.Core.Attachments;
using FinanceFlow.Core.Configuration;
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
    private readonly List<AuditRecord> _auditRows = [];
    private readonly StepContext _step = new("canonical", "R-1001", 1, "expense:canonical:R-1001:v1", "canonical-webhook");

    public AttachmentActivitiesTests()
    {
        _attachments.Setup(a => a.SaveAsync(It.Is<ReceiptName>(n => n.Source == "canonical" && n.ReportId == "R-1001"), It.IsAny<string>(), It.IsAny<BinaryData>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((ReceiptName name, string type, BinaryData content, CancellationToken _) =>
            {
                _saved.Add((name.FileName, type, content.ToArray()));
                var sha256 = Core.Hashing.Sha256.Hex(content.ToArray());
                return new StoredAttachment(BlobAttachmentStore.BlobName(name, sha256), type, sha256, content.ToArray().Length);
            });
        _audit.Setup(a => a.AppendAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>()))
            .Callback<AuditRecord, CancellationToken>((r, _) => _auditRows.Add(r))
            .Returns(Task.CompletedTask);
    }

    [Fact]
    public async Task StoreAttachments_InlinePdf_StoresItWithSniffedTypeAndHash()
    {
        RawWith(("receipt.pdf", "application/pdf", Pdf));
        var report = Report(new Attachment(0, "receipt.pdf", "application/pdf", "1", InlineContent: true, Url: null));

        var result = await Activities(new Handler(_ => throw new InvalidOperationException("no fetch expected"))).StoreAttachments(new AttachmentsRequest(_step, report, "raw.json"), CancellationToken.None);

        Assert.Empty(result.Findings);
        var stored = Assert.Single(result.Attachments);
        Assert.Equal($"canonical/R-1001/v{report.Version}/0-{Core.Hashing.Sha256.Hex(Pdf)}/receipt.pdf", stored.BlobName);
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
    public async Task StoreAttachments_UrlAnswers404_RefusedNamingHostAndStatusNotTheAnswer()
    {
        RawWith();
        var report = Report(new Attachment(0, "taxi.png", "image/png", null, InlineContent: false, Url: "https://receipts.example.com/gone.png?token=s3cret"));
        var handler = new Handler(_ => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("<h1>nginx internal 10.1.2.3</h1>") });

        var result = await Activities(handler).StoreAttachments(new AttachmentsRequest(_step, report, "raw.json"), CancellationToken.None);

        var finding = Assert.Single(result.Findings);
        Assert.Equal("receipt-unavailable", finding.Code);
        Assert.Equal("/attachments/0/url", finding.Path);
        Assert.Equal("Receipt 'taxi.png' was not fetched: host 'receipts.example.com' answered 404.", finding.Message);
    }

    [Fact]
    public async Task StoreAttachments_SourceWithoutReceiptHosts_RefusedWithAFindingAndAnAuditRowNamingIt()
    {
        RawWith();
        var report = Report(new Attachment(0, "taxi.png", "image/png", null, InlineContent: false, Url: "https://receipts.example.com/taxi.png"));

        var result = await Activities(new Handler(_ => throw new InvalidOperationException("no fetch expected")), receiptHosts: [])
            .StoreAttachments(new AttachmentsRequest(_step, report, "raw.json"), CancellationToken.None);

        var finding = Assert.Single(result.Findings);
        Assert.Equal("receipt-downloads-off", finding.Code);
        Assert.Contains("FinanceFlow:Sources:canonical:ReceiptHosts", finding.Message, StringComparison.Ordinal);
        var row = Assert.Single(_auditRows);
        Assert.Equal("Refused", row.Outcome);
        Assert.Equal("0 stored, 1 refused: receipt-downloads-off", row.Detail);
        Assert.Empty(_saved);
    }

    [Fact]
    public async Task StoreAttachments_MoreReceiptsThanTheLimit_RefusedBeforeFetchingAny()
    {
        RawWith();
        var many = Enumerable.Range(0, 51).Select(i => new Attachment(i, $"r{i}.png", "image/png", null, InlineContent: false, Url: $"https://receipts.example.com/r{i}.png")).ToArray();

        var result = await Activities(new Handler(_ => throw new InvalidOperationException("no fetch expected")))
            .StoreAttachments(new AttachmentsRequest(_step, Report(many), "raw.json"), CancellationToken.None);

        var finding = Assert.Single(result.Findings);
        Assert.Equal("too-many-receipts", finding.Code);
        Assert.Equal("/attachments", finding.Path);
        Assert.Contains("51 receipts; at most 50", finding.Message, StringComparison.Ordinal);
        Assert.Empty(result.Attachments);
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

    private AttachmentActivities Activities(HttpMessageHandler handler, string[]? receiptHosts = null)
    {
        var options = new FinanceFlowOptions
        {
            Sources = new(StringComparer.OrdinalIgnoreCase) { ["canonical"] = new SourceSettings { ReceiptHosts = [.. receiptHosts ?? ["receipts.example.com"]] } },
        };
        var downloader = new ReceiptDownloader(new HttpClient(handler), new StaticOptions<FinanceFlowOptions>(options), new StaticOptions<ReceiptFetchSettings>(new ReceiptFetchSettings()));
        return new(_raw.Object, _attachments.Object, downloader, new StepAudit(_audit.Object, TimeProvider.System));
    }

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
