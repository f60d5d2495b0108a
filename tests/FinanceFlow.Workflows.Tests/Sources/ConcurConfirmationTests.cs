using System.Text.Json;
using FinanceFlow.Connectors.Concur;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Core.Model;
using FinanceFlow.Emulators.Concur;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.Sources;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace FinanceFlow.Workflows.Tests.Sources;

public sealed class ConcurConfirmationTests : IDisposable
{
    private const string DocumentId = "5F8FC21234374B979809";
    private const string Blob = $"concur/2026/11/26/doc-{DocumentId}.json";
    private readonly ConcurFisEmulator _fis = new();
    private readonly Mock<IRawPayloadStore> _raw = new();

    public ConcurConfirmationTests()
    {
        _raw.Setup(r => r.ReadAsync(Blob, It.IsAny<CancellationToken>())).ReturnsAsync(BinaryData.FromString(ConcurFisPayloads.ExpensePage(DocumentId)));
    }

    [Fact]
    public async Task ConfirmAsync_PostedReport_SendsSuccessWithTheEntitysCompanyCodeErpDocumentNumberAndPostingDate()
    {
        _fis.With("POST", ConcurFisEmulator.PostingConfirmationsPath, 200, ConcurFisPayloads.AnswerFor(ConcurFisPayloads.PostingConfirmationsAnswer, DocumentId));

        var done = await ConfirmAsync(Result(ReportOutcome.Posted) with
        {
            ErpDocumentNumber = "GL-000123",
            Documents = [new ErpDocument("US01", "main", "USD", 100m, "FF-CONCUR-D0719B539ED64FE612AB", "GL-000123")],
        });

        // companyId is the ERP company code (the legal entity posted to), not Concur's company id.
        var sent = SentConfirmation();
        Assert.Equal(DocumentId, sent.GetProperty("docId").GetString());
        Assert.Equal("success", sent.GetProperty("overallPostingStatusCode").GetString());
        var doc = Assert.Single(sent.GetProperty("postingDocs").EnumerateArray());
        Assert.Equal(
            ("US01", "GL-000123", "2018", "2018-03-02"),
            (doc.GetProperty("companyId").GetString(), doc.GetProperty("documentNumber").GetString(), doc.GetProperty("fiscalYear").GetString(), doc.GetProperty("postingDate").GetString()));
        Assert.NotEqual(ConcurFisPayloads.CompanyId, doc.GetProperty("companyId").GetString());
        Assert.Contains("GL-000123", done, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfirmAsync_PostedInTwoEntities_SendsOnePostingDocPerEntityWithTheErpsYearAndDate()
    {
        // The guide's sample confirms one report as two ERP documents, companyId 0100 and 0800.
        _fis.With("POST", ConcurFisEmulator.PostingConfirmationsPath, 200, ConcurFisPayloads.AnswerFor(ConcurFisPayloads.PostingConfirmationsAnswer, DocumentId));

        await ConfirmAsync(Result(ReportOutcome.Posted) with
        {
            ErpDocumentNumber = "1900000001",
            Documents =
            [
                new ErpDocument("0100", "s4", "EUR", 80m, "FF-CONCUR-D0719B539ED64FE612AB", "1900000001", FiscalYear: "2019", PostingDate: new DateOnly(2019, 3, 1)),
                new ErpDocument("0800", "s4", "USD", 20m, "FF-CONCUR-D0719B539ED64FE612AB-0800", "1900000002"),
                new ErpDocument("0900", "s4", "USD", 5m, "FF-CONCUR-D0719B539ED64FE612AB-0900", null, Reason: "not posted"),
            ],
        });

        var docs = SentConfirmation().GetProperty("postingDocs").EnumerateArray()
            .Select(d => (d.GetProperty("companyId").GetString(), d.GetProperty("documentNumber").GetString(), d.GetProperty("fiscalYear").GetString(), d.GetProperty("postingDate").GetString()))
            .ToList();
        Assert.Equal([("0100", "1900000001", "2019", "2019-03-01"), ("0800", "1900000002", "2018", "2018-03-02")], docs);
    }

    [Fact]
    public async Task ConfirmAsync_PostedWithoutDocuments_SendsTheCompanysConfiguredLegalEntity()
    {
        _fis.With("POST", ConcurFisEmulator.PostingConfirmationsPath, 200, ConcurFisPayloads.AnswerFor(ConcurFisPayloads.PostingConfirmationsAnswer, DocumentId));
        var posting = new ConcurPostingOptions { Companies = { [ConcurFisPayloads.CompanyId] = new ConcurCompanyPosting { LegalEntity = "DE01" } } };

        await ConfirmAsync(Result(ReportOutcome.Posted) with { ErpDocumentNumber = "GL-7" }, posting);

        var doc = Assert.Single(SentConfirmation().GetProperty("postingDocs").EnumerateArray());
        Assert.Equal("DE01", doc.GetProperty("companyId").GetString());
    }

    [Fact]
    public async Task ConfirmAsync_RejectedReport_SendsErrorWithTheFindingsInShortTexts()
    {
        _fis.With("POST", ConcurFisEmulator.PostingConfirmationsPath, 200, ConcurFisPayloads.AnswerFor(ConcurFisPayloads.PostingConfirmationsAnswer, DocumentId));
        var finding = new Finding("policy.receipt-required", "A receipt is required for every expense over 75.00 USD; line 2 (Hotel, 180.00 USD) has none.");

        await ConfirmAsync(Result(ReportOutcome.Rejected) with { Findings = [finding] });

        var sent = SentConfirmation();
        Assert.Equal("error", sent.GetProperty("overallPostingStatusCode").GetString());
        Assert.Empty(sent.GetProperty("postingDocs").EnumerateArray());
        var texts = sent.GetProperty("systemMessages").EnumerateArray().Select(m => m.GetProperty("messageShortText").GetString()!).ToList();
        Assert.Contains(texts, t => t.StartsWith("A receipt is required", StringComparison.Ordinal));
        Assert.All(texts, t => Assert.True(t.Length <= ConcurConfirmation.MaxShortText, t));
    }

    [Fact]
    public async Task ConfirmAsync_ConcurSaysNotAcknowledged_ThrowsSoTheFanOutRecordsTheFailure()
    {
        _fis.With("POST", ConcurFisEmulator.PostingConfirmationsPath, 200,
            $$"""[{"code":111,"docId":"{{DocumentId}}","postingConfirmationResult":"FAILURE","errorMessage":"Not yet acknowledged."}]""");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => ConfirmAsync(Result(ReportOutcome.Posted) with { ErpDocumentNumber = "GL-1" }));

        Assert.Contains("NotAcknowledged", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _fis.Dispose();

    private static ReportResult Result(ReportOutcome outcome) =>
        new("concur", "D0719B539ED64FE612AB", 1, outcome, null, "FirstName LastName", "USD", 100m, [], null);

    private async Task<string> ConfirmAsync(ReportResult result, ConcurPostingOptions? posting = null)
    {
        using var services = _fis.Services();
        var confirmation = new ConcurConfirmation(services.GetRequiredService<ConcurFisClient>(), _raw.Object, new StaticOptions<ConcurPostingOptions>(posting ?? new()));
        return await confirmation.ConfirmAsync(result, Blob, CancellationToken.None);
    }

    private JsonElement SentConfirmation()
    {
        var request = Assert.Single(_fis.Received(ConcurFisEmulator.PostingConfirmationsPath));
        using var body = JsonDocument.Parse(request.RequestMessage.Body!);
        return Assert.Single(body.RootElement.GetProperty("postingConfirmations").EnumerateArray()).Clone();
    }
}
