using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using FinanceFlow.Core.Security;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Postings;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;

namespace FinanceFlow.SelfHost.Tests;

/// <summary><c>GET /api/v1/reports/{source}/{reportId}/story</c> on the real self-host, over rows and blobs on its Azurite.</summary>
public sealed class ReportStoryRouteTests(SelfHostOnAzurite host) : IClassFixture<SelfHostOnAzurite>
{
    private static readonly DateTimeOffset Received = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TableServiceClient _tables = new(host.ConnectionString);
    private readonly BlobServiceClient _blobs = new(host.ConnectionString);

    [Fact]
    public async Task Story_PostedReport_AnswersStatusJournalDocumentsReceiptLinksAndAuditInOrder()
    {
        // Arrange
        var (key, reference, receipt) = await PostedReportAsync();

        // Act
        var (status, story) = await GetAsync(key, TestIdentity.Bearer(roles: FinanceFlowRoles.Reader));

        // Assert
        Assert.Equal(HttpStatusCode.OK, status);
        var row = story.GetProperty("status");
        Assert.Equal((key.ReportId, "Posted", "US01"), (row.GetProperty("reportId").GetString(), row.GetProperty("outcome").GetString(), row.GetProperty("legalEntity").GetString()));
        Assert.Equal("receipt-late", Assert.Single(story.GetProperty("findings").EnumerateArray()).GetProperty("code").GetString());
        var journal = Assert.Single(story.GetProperty("journals").EnumerateArray());
        Assert.Equal((reference, "Posted", "T-77"), (journal.GetProperty("reference").GetString(), journal.GetProperty("postingState").GetString(), journal.GetProperty("documentNumber").GetString()));
        Assert.Equal(60.00m, journal.GetProperty("lines").EnumerateArray().Sum(l => l.GetProperty("debit").GetDecimal()));
        Assert.True(journal.GetProperty("linesAgree").GetBoolean());
        Assert.Equal("T-77", Assert.Single(story.GetProperty("erpDocuments").EnumerateArray()).GetProperty("documentNumber").GetString());
        Assert.Equal(["Step1", "Step2", "Step3"], story.GetProperty("audit").EnumerateArray().Select(a => a.GetProperty("step").GetString()));

        var attachment = Assert.Single(story.GetProperty("attachments").EnumerateArray());
        Assert.Equal(("receipt.pdf", "application/pdf"), (attachment.GetProperty("fileName").GetString(), attachment.GetProperty("contentType").GetString()));
        var expiresAt = attachment.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(3), AttachmentLinks.Lifetime);
        using var anyone = new HttpClient();
        var link = new Uri(attachment.GetProperty("downloadUrl").GetString()!);
        Assert.Equal(receipt, await anyone.GetByteArrayAsync(link));
        Assert.Contains("sp=r", link.Query, StringComparison.Ordinal);
        var withoutSas = await anyone.GetAsync(link.GetLeftPart(UriPartial.Path));
        Assert.False(withoutSas.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Story_UnknownReport_Answers404Problem()
    {
        var (status, body) = await GetAsync(new ReportKey("canonical", "NEVER-" + Guid.NewGuid().ToString("N")[..8]), TestIdentity.Bearer(roles: FinanceFlowRoles.Reader));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("https://financeflow.dev/problems/report-not-found", body.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Story_WithoutATokenOrWithoutTheReaderRole_Answers401Then403()
    {
        var (key, _, _) = await PostedReportAsync();

        var (anonymous, _) = await GetAsync(key, null);
        var (otherRoles, refusal) = await GetAsync(key, TestIdentity.Bearer(roles: [.. FinanceFlowRoles.All.Where(r => r != FinanceFlowRoles.Reader)]));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Equal(HttpStatusCode.Forbidden, otherRoles);
        Assert.Contains(FinanceFlowRoles.Reader, refusal.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>A posted canonical report as a run leaves it: raw payload, receipt, posting-log row, status row, audit rows.</summary>
    private async Task<(ReportKey Key, string Reference, byte[] Receipt)> PostedReportAsync()
    {
        var key = new ReportKey("canonical", "ST-" + Guid.NewGuid().ToString("N")[..8]);
        var reference = ExternalReference.For(key);
        var raw = await new BlobRawPayloadStore(_blobs).SaveAsync(key.Source, "msg_" + key.ReportId, Received, BinaryData.FromString(SampleReports.CanonicalJson(key.ReportId)), CancellationToken.None);
        var receipt = "%PDF-1.4 receipt"u8.ToArray();
        await new BlobAttachmentStore(_blobs).SaveAsync(new ReceiptName(key.Source, key.ReportId, 1, 0, "receipt.pdf"), "application/pdf", BinaryData.FromBytes(receipt), CancellationToken.None);

        var postings = new TablePostingStore(_tables, TimeProvider.System);
        var claim = await postings.ClaimAsync(reference, "hash", "hledger", new PostingTarget(null, "USD", 60.00m, new DateOnly(2026, 11, 20)), key.InstanceId(1), TimeSpan.FromSeconds(30), CancellationToken.None);
        await postings.SettleAsync(reference, claim.Record.Generation, PostingState.Posted, "T-77", null, CancellationToken.None);

        var statuses = new TableReportStatusStore(_tables);
        await statuses.UpsertAsync(
            new ReportStatusRecord(key.Source, key.ReportId, 1, key.InstanceId(1), ReportStage.Received, ReportOutcome.Pending, "E100", "Ada Lovelace", "USD", 60.00m, null, null, [], Received, Received,
                RawBlobName: raw, LegalEntity: "US01"),
            CancellationToken.None);
        await statuses.UpsertAsync(
            new ReportStatusRecord(key.Source, key.ReportId, 1, key.InstanceId(1), ReportStage.Completed, ReportOutcome.Posted, null, "Ada Lovelace", "USD", 60.00m, "T-77", null,
                [new Finding("receipt-late", "The receipt came after approval", "/attachments", FindingSeverity.Warning)], Received, Received.AddMinutes(1),
                Documents: [new ErpDocument("US01", null, "USD", 60.00m, reference, "T-77")], RawBlobName: raw),
            CancellationToken.None);

        var trail = new TableAuditTrail(_tables);
        for (var i = 1; i <= 3; i++)
        {
            await trail.AppendAsync(new AuditRecord(key, 1, Received.AddSeconds(i), "Step" + i, AuditOutcomes.Passed, "system", key.InstanceId(1), new string('b', 64)), CancellationToken.None);
        }

        return (key, reference, receipt);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(ReportKey report, AuthenticationHeaderValue? token)
    {
        using var http = host.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/reports/{report.Source}/{report.ReportId}/story");
        request.Headers.Authorization = token;
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return (response.StatusCode, document.RootElement.Clone());
    }
}
