using FinanceFlow.Api.Http;
using FinanceFlow.Api.Preview;
using FinanceFlow.Connectors.Concur;
using FinanceFlow.Core.Posting;
using FinanceFlow.Emulators.Concur;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.MasterData;
using FinanceFlow.Workflows.Operations;
using FinanceFlow.Workflows.Sources;
using Moq;

namespace FinanceFlow.Api.Tests.Preview;

public sealed class ConcurCashAdvancePreviewTests
{
    [Fact]
    public async Task PreviewAsync_CashAdvanceAboveTheReceiptThreshold_WouldPostLikeThePipelineDoes()
    {
        // The reference document as published: 150 USD, twice the default receipt threshold.
        var document = ConcurFisPayloads.Fis("concur-fis-v4-document-cashadvance.json");
        var accounts = new StaticOptions<AccountMap>(new AccountMap());
        var today = new FixedTime(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var adapter = new ConcurDocumentAdapter(new StaticOptions<ConcurPostingOptions>(new()), accounts, today);
        var preview = new PostingPreview([adapter], TestOptions.FinanceFlow(), accounts, new StaticOptions<MasterDataOptions>(new()), Mock.Of<IMasterDataSource>(), today);
        var request = HttpTestContext.Request(document);

        var (status, _, body) = await HttpTestContext.RunAsync(RouteNames.PreviewReport, request, () => PreviewEndpoints.PreviewAsync(request, "concur", preview, CancellationToken.None));

        Assert.Equal(200, status);
        Assert.Equal("cashadvance-FE884EE31617CF4CABE36C7FC44512A1", body.GetProperty("report").GetProperty("reportId").GetString());
        Assert.True(body.GetProperty("wouldPost").GetBoolean(), body.GetProperty("findings").ToString());
        Assert.Equal(
            ["CashAdvanceClearing", "EmployeePayable"],
            body.GetProperty("journal").GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("role").GetString()));
    }
}
