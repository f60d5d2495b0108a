using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Data.Tables;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Security;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Testing;

namespace FinanceFlow.SelfHost.Tests;

/// <summary><c>GET /api/v1/reports/{source}/{reportId}/audit/verify</c> on the real self-host, over audit rows on its Azurite.</summary>
public sealed class AuditVerifyRouteTests(SelfHostOnAzurite host) : IClassFixture<SelfHostOnAzurite>
{
    private readonly TableServiceClient _tables = new(host.ConnectionString);

    [Fact]
    public async Task Verify_IntactReport_Answers200IntactWithItsRowCount()
    {
        // Arrange
        var report = await ChainAsync(4);

        // Act
        var (status, body) = await GetAsync(report, TestIdentity.Bearer(roles: FinanceFlowRoles.Reader));

        // Assert
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("intact").GetBoolean());
        Assert.Equal("intact, 4 rows", body.GetProperty("summary").GetString());
        Assert.Equal(4, body.GetProperty("lastSequence").GetInt64());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("firstBreak").ValueKind);
    }

    [Fact]
    public async Task Verify_RowTamperedInTheTable_Answers200WithTheBreak()
    {
        // Arrange
        var report = await ChainAsync(4);
        var table = _tables.GetTableClient(TableAuditTrail.TableName);
        var rows = await new TableAuditTrail(_tables).ReadChainAsync(report, CancellationToken.None);
        var second = (await table.GetEntityAsync<TableEntity>(report.PartitionKey, rows.Single(r => r.KeySequence == 2).RowKey)).Value;
        second["Actor"] = "someone-else@example.com";
        await table.UpdateEntityAsync(second, second.ETag, TableUpdateMode.Merge);

        // Act
        var (status, body) = await GetAsync(report, TestIdentity.Bearer(roles: FinanceFlowRoles.Reader));

        // Assert
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("intact").GetBoolean());
        var found = body.GetProperty("firstBreak");
        Assert.Equal((nameof(AuditBreakKind.Changed), 2, second.RowKey), (found.GetProperty("kind").GetString(), found.GetProperty("sequence").GetInt64(), found.GetProperty("rowKey").GetString()));
        Assert.Equal(second.GetString("Hash"), found.GetProperty("expected").GetString());
        Assert.StartsWith("broken: Changed — row 2", body.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WithoutATokenOrWithoutTheReaderRole_Answers401Then403()
    {
        // Arrange
        var report = await ChainAsync(1);

        // Act
        var (anonymous, _) = await GetAsync(report, null);
        var (otherRoles, refusal) = await GetAsync(report, TestIdentity.Bearer(roles: [.. FinanceFlowRoles.All.Where(r => r != FinanceFlowRoles.Reader)]));

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Equal(HttpStatusCode.Forbidden, otherRoles);
        Assert.Contains(FinanceFlowRoles.Reader, refusal.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_UnknownReport_Answers404Problem()
    {
        var (status, body) = await GetAsync(new ReportKey("concur", "NEVER-" + Guid.NewGuid().ToString("N")[..8]), TestIdentity.Bearer(roles: FinanceFlowRoles.Reader));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("https://financeflow.dev/problems/report-not-found", body.GetProperty("type").GetString());
    }

    private async Task<ReportKey> ChainAsync(int count)
    {
        var report = new ReportKey("concur", "AV-" + Guid.NewGuid().ToString("N")[..8]);
        var trail = new TableAuditTrail(_tables);
        for (var i = 1; i <= count; i++)
        {
            await trail.AppendAsync(new AuditRecord(report, 1, DateTimeOffset.UtcNow, "Step" + i, AuditOutcomes.Passed, "system", "corr", new string('b', 64)), CancellationToken.None);
        }

        return report;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(ReportKey report, AuthenticationHeaderValue? token)
    {
        using var http = host.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/reports/{report.Source}/{report.ReportId}/audit/verify");
        request.Headers.Authorization = token;
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return (response.StatusCode, document.RootElement.Clone());
    }
}
