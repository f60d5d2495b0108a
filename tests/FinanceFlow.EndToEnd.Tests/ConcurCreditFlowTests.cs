using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FinanceFlow.Emulators.Concur;
using FinanceFlow.Testing;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>
/// A Concur credit report end to end on the self-host and hledger: use case 1.2 (a 50 USD booking-fee refund the employee
/// received, so the employee owes the company) is booked as Concur's journal says, not refused as a report of zero or less.
/// </summary>
public sealed class ConcurCreditFlowTests(SourceFlowFixture e2e) : IClassFixture<SourceFlowFixture>
{
    private const string ReportId = "6517F735E33A47B98D80";
    private const string FisId = "cr0e2e00000000000000000000000012";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    [Trait("Category", "Integration")]
    public async Task ConcurCreditReport_UseCase1_2_PostsTheEmployeesDebtOnceAndConfirmsToConcur()
    {
        var concur = e2e.Concur;
        var example = JsonNode.Parse(ConcurFisPayloads.Example("FI-API-ReportID-6517F735E33A47B98D80-Example-1.2.json"))!;
        example["fIDocuments"]![0]!["id"] = FisId;
        concur.With("GET", ConcurFisEmulator.TransactionsPath, 200, example.ToJsonString())
            .With("POST", ConcurFisEmulator.AcknowledgementsPath, 200, ConcurFisPayloads.AnswerFor(ConcurFisPayloads.AcknowledgementsAnswer, FisId))
            .With("POST", ConcurFisEmulator.PostingConfirmationsPath, 200, ConcurFisPayloads.AnswerFor(ConcurFisPayloads.PostingConfirmationsAnswer, FisId));

        using (var accepted = await e2e.DeliverConcurAsync(concur.ReadyEvent(FisId)))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        await e2e.WaitForPostedAsync("concur", ReportId, Timeout);
        await WaitFor.ConditionAsync(
            () => Task.FromResult(concur.Received(ConcurFisEmulator.PostingConfirmationsPath).Count > 0), Timeout, "the posting confirmation at the FIS emulator");

        // The refund credits the booking-fee account and the employee's vendor account is debited: the employee owes it back.
        var (exitCode, stdout, stderr) = await e2e.Hledger.RunHledgerAsync("print", "-O", "json", $"code:^{SourceFlowFixture.Code("concur", ReportId)}$");
        Assert.True(exitCode == 0, stderr);
        using var printed = JsonDocument.Parse(stdout);
        var transaction = Assert.Single(printed.RootElement.EnumerateArray());
        Assert.Equal(
            [("5", -50m, "USD"), ("liabilities:employees:1017001", 50m, "USD")],
            transaction.GetProperty("tpostings").EnumerateArray()
                .Select(p => (p.GetProperty("paccount").GetString()!, p.GetProperty("pamount")[0].GetProperty("aquantity").GetProperty("floatingPoint").GetDecimal(), p.GetProperty("pamount")[0].GetProperty("acommodity").GetString()!))
                .Order());
        Assert.Equal(0, (await e2e.Hledger.RunHledgerAsync("check")).ExitCode);
        var confirmed = JsonNode.Parse(Assert.Single(concur.Received(ConcurFisEmulator.PostingConfirmationsPath)).RequestMessage.Body!)!["postingConfirmations"]![0]!;
        Assert.Equal(FisId, confirmed["docId"]!.GetValue<string>());
        Assert.Equal("success", confirmed["overallPostingStatusCode"]!.GetValue<string>());
    }
}
