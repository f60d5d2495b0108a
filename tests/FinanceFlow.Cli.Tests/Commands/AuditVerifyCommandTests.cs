using Azure.Data.Tables;
using FinanceFlow.Cli.Commands;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Security;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.SelfHost.Tests;
using FinanceFlow.Testing;

namespace FinanceFlow.Cli.Tests.Commands;

/// <summary><c>financeflow audit verify</c> against the real self-host on Azurite: what it prints and its exit code.</summary>
[Trait("Category", "Integration")]
public sealed class AuditVerifyCommandTests(SelfHostOnAzurite host) : IClassFixture<SelfHostOnAzurite>
{
    private readonly TableServiceClient _tables = new(host.ConnectionString);

    [Fact]
    public async Task RunAsync_IntactChain_PrintsIntactAndExits0()
    {
        // Arrange
        var report = await ChainAsync(3);

        // Act
        var (exit, output, error) = await RunAsync(report, TestIdentity.Token("auditor@example.com", [FinanceFlowRoles.Reader]));

        // Assert
        Assert.True(exit == 0, error);
        Assert.Contains($"Audit trail of concur/{report.ReportId}: intact, 3 rows", output, StringComparison.Ordinal);
        Assert.Contains("last row 3, hash ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MiddleRowDeleted_PrintsTheFirstBreakAndExits1()
    {
        // Arrange
        var report = await ChainAsync(4);
        var rows = await new TableAuditTrail(_tables).ReadChainAsync(report, CancellationToken.None);
        await _tables.GetTableClient(TableAuditTrail.TableName).DeleteEntityAsync(report.PartitionKey, rows.Single(r => r.KeySequence == 2).RowKey);

        // Act
        var (exit, output, _) = await RunAsync(report, TestIdentity.Token("auditor@example.com", [FinanceFlowRoles.Reader]));

        // Assert
        Assert.Equal(1, exit);
        Assert.Contains("broken: Deleted — row 2 is missing", output, StringComparison.Ordinal);
        Assert.Contains($"first break: Deleted at row 2 (key {rows.Single(r => r.KeySequence == 3).RowKey})", output, StringComparison.Ordinal);
        Assert.Contains($"expected hash: {rows.Single(r => r.KeySequence == 2).Hash}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TokenWithoutTheReaderRoleOrUnknownReport_Exits3SayingWhy()
    {
        // Arrange
        var report = await ChainAsync(1);

        // Act
        var (refusedExit, _, refused) = await RunAsync(report, TestIdentity.Token("ops@example.com", [FinanceFlowRoles.Operator]));
        var (unknownExit, _, unknown) = await RunAsync(new ReportKey("concur", "NONE-" + Guid.NewGuid().ToString("N")[..6]), TestIdentity.Token("auditor@example.com", [FinanceFlowRoles.Reader]));

        // Assert
        Assert.Equal((3, 3), (refusedExit, unknownExit));
        Assert.Contains("answered 403", refused, StringComparison.Ordinal);
        Assert.Contains("answered 404: Report not found", unknown, StringComparison.Ordinal);
    }

    private async Task<ReportKey> ChainAsync(int count)
    {
        var report = new ReportKey("concur", "CLI-" + Guid.NewGuid().ToString("N")[..8]);
        var trail = new TableAuditTrail(_tables);
        for (var i = 1; i <= count; i++)
        {
            await trail.AppendAsync(new AuditRecord(report, 1, DateTimeOffset.UtcNow, "Step" + i, AuditOutcomes.Passed, "system", "corr", new string('c', 64)), CancellationToken.None);
        }

        return report;
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(ReportKey report, string token)
    {
        var settings = AuditVerifySettings.From(CommandLineOptions.Parse(["--url", "http://localhost", "--source", "Concur", "--report", report.ReportId, "--token", token]));
        using var http = host.Factory.CreateClient();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await AuditVerifyCommand.RunAsync(settings, http, output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
