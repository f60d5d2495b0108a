using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FinanceFlow.Emulators.Concur;
using FinanceFlow.Testing;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>
/// A Concur cash advance end to end on the self-host and hledger: the report applying it arrives first and waits, the
/// issuance posts, the retried report posts, each once, and the clearing account holds what is left of the advance.
/// </summary>
public sealed class CashAdvanceFlowTests(SourceFlowFixture e2e) : IClassFixture<SourceFlowFixture>
{
    private const string CashAdvancePath = "/financialintegration/fi/v4/companies/transactiontypes/cashadvance/transactions";
    private const string AdvanceId = "ADV-E2E-1";
    private const string AdvanceFisId = "ca0e2e00000000000000000000000001";
    private const string ReportId = "CAE2E000000000000001";
    private const string ReportFisId = "ex0e2e00000000000000000000000001";
    private const string Clearing = "1410";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    [Trait("Category", "Integration")]
    public async Task CashAdvance_ReportBeforeItsIssuance_WaitsThenBothPostOnceAndTheClearingAccountKeepsWhatIsLeft()
    {
        var concur = e2e.Concur;
        concur.With("GET", ConcurFisEmulator.TransactionsPath, 200, ExpenseApplyingTheAdvance())
            .With("POST", ConcurFisEmulator.AcknowledgementsPath, 200, ConcurFisPayloads.AnswerFor(ConcurFisPayloads.AcknowledgementsAnswer, ReportFisId))
            .With("POST", ConcurFisEmulator.PostingConfirmationsPath, 200, ConcurFisPayloads.AnswerFor(ConcurFisPayloads.PostingConfirmationsAnswer, ReportFisId))
            .With("GET", CashAdvancePath, 200, Issuance())
            .With("POST", CashAdvancePath + "/acknowledgements", 200, ConcurFisPayloads.AnswerFor(ConcurFisPayloads.AcknowledgementsAnswer, AdvanceFisId))
            .With("POST", CashAdvancePath + "/postingconfirmations", 200, ConcurFisPayloads.AnswerFor(ConcurFisPayloads.PostingConfirmationsAnswer, AdvanceFisId));

        // The report first: Concur does not promise the issuance event arrives before it.
        using (var report = await e2e.DeliverConcurAsync(concur.ReadyEvent(ReportFisId)))
        {
            Assert.Equal(HttpStatusCode.Accepted, report.StatusCode);
        }

        var waiting = await WaitForOutcomeAsync(ReportId, "AwaitingMasterData");
        Assert.Contains("cash-advance-not-issued", waiting.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await e2e.Hledger.CountTransactionsWithCodeAsync(SourceFlowFixture.Code("concur", ReportId)));

        using (var issuance = await e2e.DeliverConcurAsync(IssuanceEvent()))
        {
            Assert.Equal(HttpStatusCode.Accepted, issuance.StatusCode);
        }

        await e2e.WaitForPostedAsync("concur", $"cashadvance-{AdvanceId}", Timeout);
        using (var retry = await e2e.Http.PostAsync($"/api/v1/reports/concur/{ReportId}/retry", null))
        {
            Assert.True(retry.IsSuccessStatusCode, await retry.Content.ReadAsStringAsync());
        }

        await e2e.WaitForPostedAsync("concur", ReportId, Timeout);

        // Once acknowledged, Concur no longer offers the document: a redelivered event is a duplicate.
        concur.With("GET", CashAdvancePath, 200, """{"content":[]}""");
        using (var redelivered = await e2e.DeliverConcurAsync(IssuanceEvent()))
        {
            Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        }

        Assert.Equal(1, await e2e.Hledger.CountTransactionsWithCodeAsync(SourceFlowFixture.Code("concur", $"cashadvance-{AdvanceId}")));
        Assert.Equal(1, await e2e.Hledger.CountTransactionsWithCodeAsync(SourceFlowFixture.Code("concur", ReportId)));
        Assert.Equal(0, (await e2e.Hledger.RunHledgerAsync("check")).ExitCode);
        Assert.Equal(30m - 8m, await BalanceAsync(Clearing));
        Assert.Single(concur.Received(CashAdvancePath + "/acknowledgements"));
        Assert.Contains(AdvanceFisId, Assert.Single(concur.Received(CashAdvancePath + "/postingconfirmations")).RequestMessage.Body, StringComparison.Ordinal);
    }

    /// <summary>The reference cash advance, for Example 2.1's employee: 30 EUR issued to clearing account 1410.</summary>
    private static string Issuance()
    {
        var document = JsonNode.Parse(ConcurFisPayloads.Fis("concur-fis-v4-document-cashadvance.json"))!;
        document["employeeData"]!["employeeId"] = "49038128";
        document["cashAdvanceData"]!["cashAdvanceId"] = AdvanceId;
        document["cashAdvanceData"]!["currencyAlphaCode"] = "EUR";
        document["cashAdvanceData"]!["employeeCurrencyAlphaCode"] = "EUR";
        document["cashAdvanceData"]!["requestAmount"] = 30;
        document["journalData"]![0]!["amount"] = 30;
        document["journalData"]![0]!["accountCode"] = Clearing;
        return new JsonObject
        {
            ["content"] = new JsonArray(new JsonObject { ["id"] = AdvanceFisId, ["docType"] = "cashadvance", ["companyId"] = "821599", ["document"] = document }),
        }.ToJsonString();
    }

    private string IssuanceEvent()
    {
        var node = JsonNode.Parse(ConcurFisPayloads.Event("concur-ess-v4-financialintegration-cashadvance.readyForIntegration.json"))!;
        node["id"] = Guid.NewGuid().ToString();
        node["facts"]!["documentId"] = AdvanceFisId;
        node["facts"]!["href"] = $"{e2e.Concur.Url}{CashAdvancePath}?docId={AdvanceFisId}";
        return node.ToJsonString();
    }

    /// <summary>Use case 2.1 (10 EUR taxi, paid by the employee) as another report that applies 8 EUR of the advance.</summary>
    private static string ExpenseApplyingTheAdvance()
    {
        var example = JsonNode.Parse(ConcurFisPayloads.Example(ConcurFisPayloads.Example21))!;
        var document = example["fIDocuments"]![0]!;
        document["id"] = ReportFisId;
        document["document"]!["report"]!["reportId"] = ReportId;
        document["document"]!["cashAdvanceApplication"] = new JsonArray(new JsonObject
        {
            ["cashAdvanceId"] = AdvanceId,
            ["cashAdvanceApplicationAmount"] = -8,
            ["cashAdvanceClearingAccountCode"] = Clearing,
            ["cashAdvanceTransactionType"] = 2,
        });
        return example.ToJsonString();
    }

    private async Task<JsonElement> WaitForOutcomeAsync(string reportId, string outcome)
    {
        JsonElement view = default;
        await WaitFor.ConditionAsync(
            async () =>
            {
                using var response = await e2e.Http.GetAsync($"/api/v1/reports/concur/{reportId}");
                if (!response.IsSuccessStatusCode)
                {
                    return false;
                }

                view = (await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync())).RootElement.Clone();
                return view.GetProperty("outcome").GetString() == outcome && view.GetProperty("runtimeStatus").GetString() == "Completed";
            },
            Timeout,
            $"concur report {reportId} to end {outcome}");
        return view;
    }

    /// <summary>The balance of <paramref name="account"/>, summed from every posting the journal file holds.</summary>
    private async Task<decimal> BalanceAsync(string account)
    {
        var (exitCode, stdout, stderr) = await e2e.Hledger.RunHledgerAsync("print", "-O", "json");
        Assert.True(exitCode == 0, stderr);
        using var transactions = JsonDocument.Parse(stdout);
        return transactions.RootElement.EnumerateArray()
            .SelectMany(t => t.GetProperty("tpostings").EnumerateArray())
            .Where(p => p.GetProperty("paccount").GetString() == account)
            .Sum(p => p.GetProperty("pamount")[0].GetProperty("aquantity").GetProperty("floatingPoint").GetDecimal());
    }
}
