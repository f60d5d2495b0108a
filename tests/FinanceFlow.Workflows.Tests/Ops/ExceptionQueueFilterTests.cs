using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Cards;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Workflows.Tests.Ops;

/// <summary>The exception queue's filters and pages over real status and card-batch rows on a fresh Azurite.</summary>
[Trait("Category", "Integration")]
public sealed class ExceptionQueueFilterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private readonly AzuriteProcess _azurite = new();
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSingleton<TimeProvider>(new FixedTime(Now));
        services.AddFinanceFlowWorkflows(configuration);
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task GetAsync_SourceEntityKindAndAge_ListOnlyTheMatchingItemsAndCountEveryKind()
    {
        // The entity intake read survives the run's final write, which does not name it.
        await StatusAsync("canonical", "R-DE", ReportOutcome.AwaitingMasterData, Now.AddHours(-30), entity: "DE01");
        await StatusAsync("canonical", "R-DE", ReportOutcome.AwaitingMasterData, Now.AddHours(-30), entity: null);
        await StatusAsync("concur", "R-US", ReportOutcome.PostingFailed, Now.AddHours(-2), entity: "US01");
        await StatusAsync("canonical", "R-NEW", ReportOutcome.PostingFailed, Now.AddMinutes(-5), entity: "DE01");
        await BatchAsync("B-1", ReportOutcome.Rejected, Now.AddHours(-50));

        var de = await QueueAsync(new ExceptionFilter(Entity: "de01"));
        var concur = await QueueAsync(new ExceptionFilter(Source: "CONCUR"));
        var oldFailures = await QueueAsync(new ExceptionFilter(Kind: OpenWork.PostingFailed, OlderThan: TimeSpan.FromHours(1)));
        var dayOld = await QueueAsync(new ExceptionFilter(OlderThan: TimeSpan.FromDays(1)));
        var cardsOfUs = await QueueAsync(new ExceptionFilter(Entity: "US01", Source: "cards"));

        Assert.Equal(["R-DE", "R-NEW"], de.Items.Select(i => i.ReportId));
        Assert.Equal(["DE01"], de.Items[0].Entities);
        Assert.Equal(2, de.Matched);
        Assert.Equal(["R-US"], concur.Items.Select(i => i.ReportId));
        Assert.Equal(["R-US"], oldFailures.Items.Select(i => i.ReportId));
        Assert.Equal(["US01:B-1", "R-DE"], dayOld.Items.Select(i => i.ReportId));
        Assert.Equal(["US01:B-1"], cardsOfUs.Items.Select(i => i.ReportId));
        Assert.Equal((2, 1, 1), (de.Counts[OpenWork.PostingFailed], de.Counts[OpenWork.AwaitingMasterData], de.Counts[OpenWork.Rejected]));
        Assert.Null(de.Continuation);
    }

    [Fact]
    public async Task GetAsync_TopWithContinuation_WalksEveryItemOnceInOrder_EvenWhenOneIsSettledBetweenPages()
    {
        for (var i = 1; i <= 5; i++)
        {
            await StatusAsync("canonical", $"R-{i}", ReportOutcome.PostingFailed, Now.AddHours(-10 + i), entity: "DE01");
        }

        var first = await QueueAsync(new ExceptionFilter(Top: 2));
        await StatusAsync("canonical", "R-1", ReportOutcome.Posted, Now, entity: "DE01");
        var second = await QueueAsync(new ExceptionFilter(Top: 2, After: ExceptionCursor.FromToken(first.Continuation!)));
        var third = await QueueAsync(new ExceptionFilter(Top: 2, After: ExceptionCursor.FromToken(second.Continuation!)));

        Assert.Equal(["R-1", "R-2"], first.Items.Select(i => i.ReportId));
        Assert.Equal(5, first.Matched);
        Assert.Equal(["R-3", "R-4"], second.Items.Select(i => i.ReportId));
        Assert.Equal(["R-5"], third.Items.Select(i => i.ReportId));
        Assert.Null(third.Continuation);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("WyIxIiwiYSJd")]
    public void FromToken_NotATokenOfTheQueue_IsNull(string token)
    {
        Assert.Null(ExceptionCursor.FromToken(token));
    }

    private async Task<ExceptionQueueView> QueueAsync(ExceptionFilter filter)
    {
        using var scope = _services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ExceptionQueue>().GetAsync(filter, CancellationToken.None);
    }

    private Task StatusAsync(string source, string reportId, ReportOutcome outcome, DateTimeOffset updatedAt, string? entity) =>
        _services.GetRequiredService<IReportStatusStore>().UpsertAsync(
            new ReportStatusRecord(source, reportId, 1, $"expense:{source}:{reportId}:v1", ReportStage.Completed, outcome, "E100", "Ana", "USD", 10m, null,
                outcome == ReportOutcome.PostingFailed ? "hledger-web answered 400" : null, [new Finding("gl-account-unknown", "No account for Hotel")], updatedAt, updatedAt,
                LegalEntity: entity),
            CancellationToken.None);

    private Task BatchAsync(string batchId, ReportOutcome outcome, DateTimeOffset updatedAt) =>
        _services.GetRequiredService<ICardBatchStore>().UpsertAsync(
            new CardBatchRecord("US01", batchId, $"cards:US01:{batchId}", "AMEX Corporate", new DateOnly(2026, 11, 5), "USD", 2, 71.94m,
                outcome, $"FF-CARDS-US01-{batchId}", "us01", null, null, [new Finding("card-transaction-duplicate", "T9 is booked already")], updatedAt, updatedAt),
            CancellationToken.None);
}
