using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Postings;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.Posting;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace FinanceFlow.Workflows.Tests.Posting;

/// <summary>Receipts go on to the posted ERP document where the ERP takes files; what it refuses is reported, the posting stands.</summary>
public sealed class AttachReceiptsTests
{
    private static readonly ErpConfirmation Document = new("GJ00042", InternalId: "5e1b…");
    private readonly Mock<IErpLedgers> _ledgers = new();
    private readonly Mock<IErpConnector> _erp = new();
    private readonly Mock<IErpConnector> _erpWithFiles = new();
    private readonly Mock<IErpAttachments> _files;
    private readonly Mock<IAttachmentStore> _store = new();
    private readonly Mock<IAuditTrail> _audit = new();
    private readonly List<AuditRecord> _rows = [];
    private readonly List<string> _attached = [];
    private readonly StepContext _step = new("canonical", "R-1001", 1, "expense:canonical:R-1001:v1", "canonical-webhook");
    private readonly Attachment[] _receipts =
    [
        new(0, "lunch.pdf", "application/pdf", "1", InlineContent: true, Url: null, BlobName: "canonical/R-1001/v1/0-aa/lunch.pdf"),
        new(1, "taxi.png", "image/png", "2", InlineContent: true, Url: null, BlobName: "canonical/R-1001/v1/1-bb/taxi.png"),
    ];

    public AttachReceiptsTests()
    {
        _files = _erpWithFiles.As<IErpAttachments>();
        _files.SetupGet(f => f.TakesFiles).Returns(true);
        _files.Setup(f => f.TakesFilesFor(It.IsAny<Core.Journal.JournalEntry>())).Returns(true);
        _ledgers.Setup(l => l.For("us01")).Returns(_erp.Object);
        _store.Setup(s => s.ReadAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((string name, CancellationToken _) => BinaryData.FromString("bytes of " + name));
        _audit.Setup(a => a.AppendAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>())).Callback<AuditRecord, CancellationToken>((r, _) => _rows.Add(r)).Returns(Task.CompletedTask);
    }

    [Fact]
    public async Task AttachReceipts_ErpTakesNoFiles_ReadsNothingAndSaysSo()
    {
        var result = await Activities().AttachReceipts(new AttachReceiptsRequest(_step, "us01", Document, _receipts), CancellationToken.None);

        Assert.Equal((false, 0), (result.Supported, result.Attached));
        _store.Verify(s => s.ReadAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal(AuditOutcomes.Skipped, Assert.Single(_rows).Outcome);
    }

    [Fact]
    public async Task AttachReceipts_ErpTakesNoFilesAsConfigured_ReadsNothingAndSaysSo()
    {
        Attachments().SetupGet(f => f.TakesFiles).Returns(false);

        var result = await Activities().AttachReceipts(new AttachReceiptsRequest(_step, "us01", Document, _receipts), CancellationToken.None);

        Assert.Equal((false, 0), (result.Supported, result.Attached));
        _files.Verify(a => a.AttachAsync(It.IsAny<ErpConfirmation>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal(AuditOutcomes.Skipped, Assert.Single(_rows).Outcome);
    }

    [Fact]
    public async Task AttachReceipts_ErpTakesFiles_EachStoredReceiptOnTheDocumentWithItsBytes()
    {
        Attachments().Setup(a => a.AttachAsync(Document, It.IsAny<string>(), It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()))
            .Callback((ErpConfirmation _, string name, string type, ReadOnlyMemory<byte> bytes, CancellationToken _) => _attached.Add($"{name} {type} {System.Text.Encoding.UTF8.GetString(bytes.Span)}"))
            .Returns(Task.CompletedTask);

        var result = await Activities().AttachReceipts(new AttachReceiptsRequest(_step, "us01", Document, _receipts), CancellationToken.None);

        Assert.Equal((true, 2), (result.Supported, result.Attached));
        Assert.Equal(["lunch.pdf application/pdf bytes of canonical/R-1001/v1/0-aa/lunch.pdf", "taxi.png image/png bytes of canonical/R-1001/v1/1-bb/taxi.png"], _attached);
        var row = Assert.Single(_rows);
        Assert.Equal((AuditOutcomes.Attached, "2 of 2 on document GJ00042"), (row.Outcome, row.Detail));
    }

    [Fact]
    public async Task AttachReceipts_ErpRefusesOneFile_OthersAttachedAndTheRefusalReported()
    {
        Attachments().Setup(a => a.AttachAsync(Document, "taxi.png", It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ErpAttachmentRejectedException("Business Central refused taxi.png (413): the file is larger than 10 MB."));

        var result = await Activities().AttachReceipts(new AttachReceiptsRequest(_step, "us01", Document, _receipts), CancellationToken.None);

        Assert.Equal(1, result.Attached);
        Assert.Equal(["taxi.png: Business Central refused taxi.png (413): the file is larger than 10 MB."], result.Refused);
        Assert.Equal(AuditOutcomes.NotAttached, Assert.Single(_rows).Outcome);
    }

    [Fact]
    public async Task AttachReceipts_ErpUnreachable_ThrowsForTheRetryAndAuditsTheAttempt()
    {
        Attachments().Setup(a => a.AttachAsync(Document, It.IsAny<string>(), It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ErpUnavailableException("Business Central answered 503"));

        await Assert.ThrowsAsync<ErpUnavailableException>(() => Activities().AttachReceipts(new AttachReceiptsRequest(_step, "us01", Document, _receipts), CancellationToken.None));

        Assert.Equal(AuditOutcomes.AttemptFailed, Assert.Single(_rows).Outcome);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PostToErp_Posted_SaysWhetherTheErpTakesReceiptsOnThatJournalsDocument(bool takesFiles)
    {
        // Business Central: a ledger that takes files, but only on a purchase invoice, not on a journal posted as G/L entries.
        var postings = new Mock<IPostingStore>();
        _ledgers.Setup(l => l.IsConfigured(It.IsAny<string?>())).Returns(true);
        var entry = Testing.SampleReports.Journal("FF-CANONICAL-R-1001") with { Ledger = "us01" };
        Attachments().Setup(f => f.TakesFilesFor(entry)).Returns(takesFiles);
        postings.Setup(s => s.ClaimAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<PostingTarget>(), It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PostingClaim(ClaimOutcome.AlreadyPosted, new PostingRecord(
                "FF-CANONICAL-R-1001", PostingState.Posted, Core.Posting.JournalHash.Compute(entry), "businesscentral:us01", "expense:canonical:R-1001:v1", "GJ00042",
                DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)));
        var poster = new IdempotentErpPoster(_ledgers.Object, postings.Object, new Testing.StaticOptions<Core.Configuration.FinanceFlowOptions>(new()), NullLogger<IdempotentErpPoster>.Instance);

        var outcome = await new ErpActivities(poster, _ledgers.Object, _store.Object, new StepAudit(_audit.Object, TimeProvider.System))
            .PostToErp(new PostRequest(_step, entry), CancellationToken.None);

        Assert.Equal((true, takesFiles), (outcome.Accepted, outcome.TakesReceipts));
    }

    [Fact]
    public async Task PostToErp_PostingLogUnreachable_FailsAsStorageAwayNotAsTheErp()
    {
        var postings = new Mock<IPostingStore>();
        _ledgers.Setup(l => l.IsConfigured(It.IsAny<string?>())).Returns(true);
        var entry = Testing.SampleReports.Journal("FF-CANONICAL-R-1001") with { Ledger = "us01" };
        postings.Setup(s => s.ClaimAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<PostingTarget>(), It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new Azure.RequestFailedException("Connection refused (127.0.0.1:10002)"));
        var poster = new IdempotentErpPoster(_ledgers.Object, postings.Object, new Testing.StaticOptions<Core.Configuration.FinanceFlowOptions>(new()), NullLogger<IdempotentErpPoster>.Instance);

        var failure = await Assert.ThrowsAsync<PostingStorageUnavailableException>(() => new ErpActivities(poster, _ledgers.Object, _store.Object, new StepAudit(_audit.Object, TimeProvider.System))
            .PostToErp(new PostRequest(_step, entry), CancellationToken.None));

        Assert.StartsWith("FinanceFlow's storage could not be reached while posting: Connection refused", failure.Message, StringComparison.Ordinal);
        _erp.Verify(e => e.PostAsync(It.IsAny<Core.Journal.JournalEntry>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private Mock<IErpAttachments> Attachments()
    {
        _ledgers.Setup(l => l.For("us01")).Returns(_erpWithFiles.Object);
        return _files;
    }

    private ErpActivities Activities() =>
        new(new IdempotentErpPoster(_ledgers.Object, Mock.Of<IPostingStore>(), new Testing.StaticOptions<Core.Configuration.FinanceFlowOptions>(new()), NullLogger<IdempotentErpPoster>.Instance),
            _ledgers.Object, _store.Object, new StepAudit(_audit.Object, TimeProvider.System));
}
