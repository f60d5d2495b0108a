using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Security;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.SelfHost.Tests;

/// <summary><c>POST /api/v1/reports/{source}/{reportId}/resubmit</c> on the real self-host and its engine, over rows and blobs on its Azurite.</summary>
public sealed class ResubmitRouteTests(SelfHostOnAzurite host) : IClassFixture<SelfHostOnAzurite>
{
    private static readonly DateTimeOffset Received = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TableServiceClient _tables = new(host.ConnectionString);
    private readonly BlobServiceClient _blobs = new(host.ConnectionString);

    [Fact]
    public async Task Resubmit_PostingFailedWithHistoryPurged_Answers202AndStartsTheRunFromTheKeptPayloadWithAnAuditRow()
    {
        // Arrange
        var key = await ReportAsync(ReportOutcome.PostingFailed);

        // Act
        var (status, body) = await PostAsync(key, TestIdentity.Bearer("ops@example.com", FinanceFlowRoles.Operator));

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(key.InstanceId(1), body.GetProperty("id").GetString());
        var client = host.Factory.Services.GetRequiredService<DurableTaskClient>();
        await WaitFor.ConditionAsync(async () => await client.GetInstanceAsync(key.InstanceId(1)) is not null, TimeSpan.FromSeconds(30), "the resubmitted run to exist");
        var audit = await new TableAuditTrail(_tables).ReadAsync(key, CancellationToken.None);
        var row = Assert.Single(audit, r => r.Step == AuditSteps.ResubmitRequested);
        Assert.Equal((AuditOutcomes.Accepted, "ops@example.com"), (row.Outcome, row.Actor));
    }

    [Fact]
    public async Task Resubmit_PostedReport_Answers409Problem()
    {
        var key = await ReportAsync(ReportOutcome.Posted);

        var (status, body) = await PostAsync(key, TestIdentity.Bearer("ops@example.com", FinanceFlowRoles.Operator));

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("https://financeflow.dev/problems/already-posted", body.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Resubmit_UnknownReport_Answers404Problem()
    {
        var (status, body) = await PostAsync(new ReportKey("canonical", "NEVER-" + Guid.NewGuid().ToString("N")[..8]), TestIdentity.Bearer("ops@example.com", FinanceFlowRoles.Operator));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("https://financeflow.dev/problems/report-not-found", body.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Resubmit_WithoutATokenOrWithoutTheOperatorRole_Answers401Then403AndStartsNothing()
    {
        var key = await ReportAsync(ReportOutcome.PostingFailed);

        var (anonymous, _) = await PostAsync(key, null);
        var (otherRoles, refusal) = await PostAsync(key, TestIdentity.Bearer("reader@example.com", [.. FinanceFlowRoles.All.Where(r => r != FinanceFlowRoles.Operator)]));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Equal(HttpStatusCode.Forbidden, otherRoles);
        Assert.Contains(FinanceFlowRoles.Operator, refusal.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await host.Factory.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(key.InstanceId(1)));
        Assert.Equal(ReportOutcome.PostingFailed, (await new TableReportStatusStore(_tables).GetAsync(key, CancellationToken.None))!.Outcome);
    }

    /// <summary>A report whose run's history is gone: its kept payload and its status row.</summary>
    private async Task<ReportKey> ReportAsync(ReportOutcome outcome)
    {
        var key = new ReportKey("canonical", "RS-" + Guid.NewGuid().ToString("N")[..8]);
        var raw = await new BlobRawPayloadStore(_blobs).SaveAsync(key.Source, "msg_" + key.ReportId, Received, BinaryData.FromString(SampleReports.CanonicalJson(key.ReportId)), CancellationToken.None);
        await new TableReportStatusStore(_tables).UpsertAsync(
            new ReportStatusRecord(key.Source, key.ReportId, 1, key.InstanceId(1), ReportStage.Completed, outcome, "E100", "Ada Lovelace", "USD", 60.00m,
                outcome == ReportOutcome.Posted ? "T-1" : null, outcome == ReportOutcome.PostingFailed ? "hledger-web answered 400" : null, [], Received, Received,
                RawBlobName: raw, LegalEntity: "US01"),
            CancellationToken.None);
        return key;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(ReportKey report, AuthenticationHeaderValue? token)
    {
        using var http = host.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/reports/{report.Source}/{report.ReportId}/resubmit");
        request.Headers.Authorization = token;
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return (response.StatusCode, document.RootElement.Clone());
    }
}
