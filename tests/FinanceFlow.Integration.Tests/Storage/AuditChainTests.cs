using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Testing;

namespace FinanceFlow.Integration.Tests.Storage;

/// <summary>Each report's audit rows as a hash chain on a real Azurite: appended alone, in a transaction, by racing writers; then tampered with.</summary>
[Trait("Category", "Integration")]
public sealed class AuditChainTests(AzuriteProcess azurite) : IClassFixture<AzuriteProcess>
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FreshTables _tables = new(azurite.ConnectionString);

    [Fact]
    public async Task AppendAsync_RowsOneAfterAnother_BuildAnIntactChainThatAnotherProcessContinues()
    {
        // Arrange
        var report = Report();
        var first = new TableAuditTrail(_tables);
        for (var i = 1; i <= 4; i++)
        {
            await first.AppendAsync(Record(report, i, $"step {i}"), CancellationToken.None);
        }

        // Act: a second process knows nothing of the chain's end and must read it.
        await new TableAuditTrail(_tables).AppendAsync(Record(report, 5, "step 5 (.1234567 s)") with { At = Start.AddTicks(1_234_567) }, CancellationToken.None);
        var rows = await first.ReadAsync(report, CancellationToken.None);
        var result = await VerifyAsync(report);

        // Assert
        Assert.True(result.Intact, result.Summary);
        Assert.Equal((5, 0, 5L), (result.ChainedRows, result.UnchainedRows, result.LastSequence));
        Assert.Equal([5L, 1, 2, 3, 4], rows.Select(r => r.Sequence!.Value));
        Assert.Equal(result.LastHash, rows[0].Hash);
        Assert.All(rows, r => Assert.Matches("^[0-9a-f]{64}$", r.Hash));
    }

    [Fact]
    public async Task AppendAsync_TwentyWritersOnOneReportAtOnce_OneUnbrokenChainWithEveryRow()
    {
        // Arrange: four processes, five concurrent activities each.
        var report = Report();
        var options = new TableClientOptions();
        var requests = new RequestLog();
        options.AddPolicy(requests, HttpPipelinePosition.PerRetry);
        var tables = new PrefixedTables(azurite.ConnectionString, options);
        var writers = Enumerable.Range(0, 4).Select(_ => new TableAuditTrail(tables)).ToList();
        using var go = new ManualResetEventSlim();

        // Act
        var appends = Enumerable.Range(1, 20).Select(i => Task.Run(async () =>
        {
            go.Wait();
            await writers[i % 4].AppendAsync(Record(report, i, $"writer {i}"), CancellationToken.None);
        })).ToList();
        go.Set();
        await Task.WhenAll(appends);
        var result = AuditChainVerifier.Verify(report.PartitionKey, await writers[0].ReadChainAsync(report, CancellationToken.None));
        var rows = await writers[0].ReadAsync(report, CancellationToken.None);

        // Assert: only inserts and reads, even when losing a race (what the audit account's role allows, docs/azure.md).
        Assert.Equal(["GET", "POST"], requests.Methods.Distinct().Order(StringComparer.Ordinal));
        Assert.True(result.Intact, result.Summary);
        Assert.Equal((20, 20L), (result.ChainedRows, result.LastSequence));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"writer {i}").Order(StringComparer.Ordinal), rows.Select(r => r.Detail!).Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), rows.Select(r => r.Sequence!.Value).Order());
    }

    [Fact]
    public async Task AppendAsync_OnceTheChainsEndIsKnown_OneRequestPerRowAndOneForRowsOfAStepTogether()
    {
        // Arrange
        var report = Report();
        var options = new TableClientOptions();
        var requests = new RequestLog();
        options.AddPolicy(requests, HttpPipelinePosition.PerCall);
        var trail = new TableAuditTrail(new PrefixedTables(azurite.ConnectionString, options));
        await trail.AppendAsync(Record(report, 1, "first"), CancellationToken.None);

        // Act
        var before = requests.Count;
        await trail.AppendAsync(Record(report, 2, "alone"), CancellationToken.None);
        var single = requests.Count - before;
        await trail.AppendAsync([Record(report, 3, "together 1"), Record(report, 4, "together 2"), Record(report, 5, "together 3")], CancellationToken.None);
        var together = requests.Count - before - single;
        var result = AuditChainVerifier.Verify(report.PartitionKey, await trail.ReadChainAsync(report, CancellationToken.None));

        // Assert
        Assert.Equal((1, 1), (single, together));
        Assert.True(result.Intact, result.Summary);
        Assert.Equal(5, result.ChainedRows);
    }

    [Fact]
    public async Task AppendAsync_ANewReportsFirstRows_OneRequestWithoutReadingTheChain()
    {
        // Arrange
        var requests = new RequestLog();
        var trail = new TableAuditTrail(PrefixedTables.Counted(azurite.ConnectionString, requests));
        await trail.AppendAsync(Record(Report(), 1, "table created"), CancellationToken.None);
        var report = Report();

        // Act
        var before = requests.Count;
        await trail.AppendAsync([Record(report, 1, "accepted"), Record(report, 2, "normalized")], CancellationToken.None);
        var first = requests.Count - before;

        // Assert
        Assert.Equal(1, first);
        var result = AuditChainVerifier.Verify(report.PartitionKey, await trail.ReadChainAsync(report, CancellationToken.None));
        Assert.Equal((true, 2, 2L), (result.Intact, result.ChainedRows, result.LastSequence));
    }

    [Fact]
    public async Task AppendAsync_AnswerLostAfterTheRowWasWritten_WritesItOnce()
    {
        // Arrange: the first insert reaches the table, its answer does not; the client sends it again.
        var report = Report();
        var options = new TableClientOptions();
        options.AddPolicy(new LoseFirstInsertAnswer(), HttpPipelinePosition.PerRetry);
        var trail = new TableAuditTrail(new PrefixedTables(azurite.ConnectionString, options));

        // Act
        await trail.AppendAsync(Record(report, 1, "once"), CancellationToken.None);
        await trail.AppendAsync(Record(report, 2, "then"), CancellationToken.None);
        var result = AuditChainVerifier.Verify(report.PartitionKey, await trail.ReadChainAsync(report, CancellationToken.None));

        // Assert
        Assert.True(result.Intact, result.Summary);
        Assert.Equal(["once", "then"], (await trail.ReadAsync(report, CancellationToken.None)).Select(r => r.Detail));
    }

    [Fact]
    public async Task Verify_DetailChangedThroughTheTableClient_ReportsThatRow()
    {
        // Arrange
        var report = await ChainAsync(5);
        var table = _tables.GetTableClient(TableAuditTrail.TableName);
        var third = await RowAsync(report, 3);
        third["Detail"] = "amount 1.00 USD";
        await table.UpdateEntityAsync(third, third.ETag, TableUpdateMode.Merge);

        // Act
        var result = await VerifyAsync(report);

        // Assert
        Assert.False(result.Intact);
        Assert.Equal((AuditBreakKind.Changed, 3L, third.RowKey), (result.FirstBreak!.Kind, result.FirstBreak.Sequence, result.FirstBreak.RowKey));
        Assert.Equal(third.GetString("Hash"), result.FirstBreak.Expected);
    }

    [Fact]
    public async Task Verify_MiddleRowDeleted_ReportsTheGap()
    {
        // Arrange
        var report = await ChainAsync(5);
        var third = await RowAsync(report, 3);
        await _tables.GetTableClient(TableAuditTrail.TableName).DeleteEntityAsync(third.PartitionKey, third.RowKey);

        // Act
        var result = await VerifyAsync(report);

        // Assert
        Assert.Equal((AuditBreakKind.Deleted, 3L), (result.FirstBreak!.Kind, result.FirstBreak.Sequence));
        Assert.Equal(third.GetString("Hash"), result.FirstBreak.Expected);
        Assert.Contains("row 3 is missing", result.FirstBreak.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RowsFromBeforeTheChain_AreCountedAndARowAddedWithoutALinkLaterIsInserted()
    {
        // Arrange: a row as the trail wrote them before the chain, then the chain.
        var report = Report();
        var table = _tables.GetTableClient(TableAuditTrail.TableName);
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(Legacy(report, "0638000000000000000-0a"));
        await ChainAsync(3, report);
        var before = await VerifyAsync(report);

        // Act
        await table.AddEntityAsync(Legacy(report, "0638000000000000001-0b"));
        var after = await VerifyAsync(report);

        // Assert
        Assert.True(before.Intact, before.Summary);
        Assert.Equal((3, 1), (before.ChainedRows, before.UnchainedRows));
        Assert.Equal((AuditBreakKind.Inserted, "0638000000000000001-0b"), (after.FirstBreak!.Kind, after.FirstBreak.RowKey));
    }

    private static ReportKey Report() => new("concur", "AUD-" + Guid.NewGuid().ToString("N")[..8]);

    private static AuditRecord Record(ReportKey report, int minute, string detail) =>
        new(report, 1, Start.AddMinutes(minute), "PostToErp", AuditOutcomes.Posted, "system", "corr-" + minute, new string('a', 64), detail);

    private static TableEntity Legacy(ReportKey report, string rowKey) => new(report.PartitionKey, rowKey)
    {
        ["At"] = Start.AddDays(-1),
        ["Step"] = "ReceiveWebhook",
        ["Outcome"] = AuditOutcomes.Accepted,
        ["Actor"] = "webhook:concur",
        ["Source"] = report.Source,
        ["ReportId"] = report.ReportId,
    };

    private async Task<ReportKey> ChainAsync(int count, ReportKey? report = null)
    {
        var key = report ?? Report();
        var trail = new TableAuditTrail(_tables);
        for (var i = 1; i <= count; i++)
        {
            await trail.AppendAsync(Record(key, i, $"step {i}"), CancellationToken.None);
        }

        return key;
    }

    private async Task<TableEntity> RowAsync(ReportKey report, long sequence)
    {
        var rows = await new TableAuditTrail(_tables).ReadChainAsync(report, CancellationToken.None);
        var key = rows.Single(r => r.KeySequence == sequence).RowKey;
        return (await _tables.GetTableClient(TableAuditTrail.TableName).GetEntityAsync<TableEntity>(report.PartitionKey, key)).Value;
    }

    private async Task<AuditChainVerification> VerifyAsync(ReportKey report) =>
        AuditChainVerifier.Verify(report.PartitionKey, await new TableAuditTrail(_tables).ReadChainAsync(report, CancellationToken.None));

    /// <summary>Lets the first entity insert reach the table, then fails as a reset connection would: the client retries it.</summary>
    private sealed class LoseFirstInsertAnswer : HttpPipelinePolicy
    {
        private int _lost;

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            var insert = message.Request.Method == RequestMethod.Post && !message.Request.Uri.Path.EndsWith("/Tables", StringComparison.Ordinal);
            if (insert && message.Response.Status is 201 or 204 && Interlocked.Exchange(ref _lost, 1) == 0)
            {
                throw new IOException("The connection was reset before the answer arrived.");
            }
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The trail calls the table asynchronously.");
    }
}
