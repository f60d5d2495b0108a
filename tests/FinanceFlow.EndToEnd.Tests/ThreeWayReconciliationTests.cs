using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using FinanceFlow.Testing;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>The sources' fixture without the Expensify schedule: its approved reports reach FinanceFlow only if the nightly run finds them.</summary>
public sealed class ThreeWayFixture : SourceFlowFixture
{
    protected override void Configure(IDictionary<string, string> settings)
    {
        settings.Remove("FinanceFlow__Sources__expensify__Schedule");

        // The Concur example document is dated years back: the run reads as far back as the reports that changed need.
        settings["FinanceFlow__Reconciliation__MaxWindowDays"] = "3660";
        settings["FinanceFlow__StatusFanOut__Targets__0__Kind"] = "StorageQueue";
        settings["FinanceFlow__StatusFanOut__Targets__0__QueueName"] = StatusQueue;
    }

    /// <summary>The Azurite queue the status events go to, as a downstream consumer reads them.</summary>
    public const string StatusQueue = "three-way-status";
}

/// <summary>
/// The nightly run, three-way, through the self-host: an approved Expensify report that never reached FinanceFlow, a posting deleted
/// from the ledger, one doubled and one changed; each found and classified, the missing ones redriven and posted once, the others
/// left in the exception queue for finance ops.
/// </summary>
public sealed partial class ThreeWayReconciliationTests(ThreeWayFixture e2e) : IClassFixture<ThreeWayFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);
    private const string Deleted = "R006AseGxMka";
    private const string Changed = "R00bCluvcO4T";

    [Fact]
    public async Task NightlyRun_MissingDeletedDoubledChanged_EachClassifiedMissingRedrivenOnceOthersForFinanceOps()
    {
        // Arrange: a Concur report posted from its event; Expensify's two approved reports never pulled.
        var concur = e2e.Concur;
        using (var accepted = await e2e.DeliverConcurAsync(concur.ReadyEvent()))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        await e2e.WaitForPostedAsync("concur", concur.ReportId, Timeout);
        Assert.Equal(0, await e2e.Hledger.CountTransactionsWithCodeAsync(SourceFlowFixture.Code("expensify", Deleted)));

        // The wrong callers are refused: nobody, and a reader (running it is an operator's act).
        using (var anonymous = new HttpClient { BaseAddress = e2e.Http.BaseAddress })
        using (var nobody = await anonymous.PostAsync("/api/v1/reconciliations", content: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reconciliations"))
        {
            request.Headers.Authorization = TestIdentity.Bearer("reader@example.com", "FinanceFlow.Reader");
            using var reader = await e2e.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        }

        // Act 1: the nightly run finds both Expensify reports missing in FinanceFlow and pulls them through intake.
        var first = await ReconcileAsync();

        var missing = Findings(first).Where(f => f.Class == "missing-in-financeflow").ToList();
        Assert.Equal([Deleted, Changed], missing.Select(f => f.DocumentId).Order(StringComparer.Ordinal));
        Assert.All(missing, f => Assert.True(f.Redriven));
        Assert.NotEmpty(first.GetProperty("threeWay").GetProperty("redriven").EnumerateArray());
        foreach (var reportId in new[] { Deleted, Changed })
        {
            await WaitFor.ConditionAsync(
                async () => await e2e.Hledger.CountTransactionsWithCodeAsync(SourceFlowFixture.Code("expensify", reportId)) == 1, Timeout, $"{reportId} posted after the redrive");
            await e2e.WaitForPostedAsync("expensify", reportId, Timeout);
        }

        // Behind FinanceFlow's back: one posting deleted from the ledger, the Concur one doubled, one changed.
        var journal = await File.ReadAllTextAsync(e2e.Hledger.JournalPath);
        var concurBlock = Block(journal, SourceFlowFixture.Code("concur", concur.ReportId));
        var changedBlock = Block(journal, SourceFlowFixture.Code("expensify", Changed));
        journal = journal.Replace(Block(journal, SourceFlowFixture.Code("expensify", Deleted)), string.Empty, StringComparison.Ordinal)
            .Replace(changedBlock, Doubled(changedBlock), StringComparison.Ordinal)
            + "\n" + concurBlock;
        await File.WriteAllTextAsync(e2e.Hledger.JournalPath, journal);
        File.SetLastWriteTimeUtc(e2e.Hledger.JournalPath, DateTime.UtcNow.AddSeconds(2));
        Assert.Equal(0, (await e2e.Hledger.RunHledgerAsync("check")).ExitCode);

        // Act 2: the next nightly run.
        JsonElement second = default;
        await WaitFor.ConditionAsync(
            async () =>
            {
                // hledger-web re-reads its file once its time changes.
                File.SetLastWriteTimeUtc(e2e.Hledger.JournalPath, DateTime.UtcNow.AddSeconds(2));
                second = await ReconcileAsync();
                return Findings(second).Any(f => f.Class == "duplicate-in-erp");
            },
            Timeout,
            "the run to read the edited ledger");

        // Assert: each difference classified; only the deleted posting is redriven, and it is in the ledger once again.
        var findings = Findings(second);
        var lost = Assert.Single(findings, f => f.Class == "missing-in-erp");
        Assert.Equal((Deleted, true), (lost.DocumentId, lost.Redriven));
        var doubled = Assert.Single(findings, f => f.Class == "duplicate-in-erp");
        Assert.Equal((concur.ReportId, false), (doubled.DocumentId, doubled.Redriven));
        var mismatch = Assert.Single(findings, f => f.Class == "amount-mismatch");
        Assert.Equal((Changed, false), (mismatch.DocumentId, mismatch.Redriven));
        Assert.NotEqual(mismatch.Ours, mismatch.Theirs);
        Assert.Equal(1, second.GetProperty("threeWay").GetProperty("counts").GetProperty("missing-in-erp").GetInt32());
        await WaitFor.ConditionAsync(
            async () => await e2e.Hledger.CountTransactionsWithCodeAsync(SourceFlowFixture.Code("expensify", Deleted)) == 1, Timeout, $"{Deleted} posted again once");
        await e2e.WaitForPostedAsync("expensify", Deleted, Timeout);
        Assert.Equal(2, await e2e.Hledger.CountTransactionsWithCodeAsync(SourceFlowFixture.Code("concur", concur.ReportId)));

        // The duplicate and the mismatch wait in the exception queue; the report is kept as CSV too.
        using var queue = await e2e.Http.GetAsync("/api/v1/exceptions");
        var differences = (await JsonDocument.ParseAsync(await queue.Content.ReadAsStreamAsync())).RootElement.GetProperty("reconciliationDifferences");
        Assert.Equal(["amount-mismatch", "duplicate-in-erp"], differences.EnumerateArray().Select(d => d.GetProperty("class").GetString()).Order(StringComparer.Ordinal));
        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reconciliations/" + second.GetProperty("runId").GetString());
        csvRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var csv = await e2e.Http.SendAsync(csvRequest);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("class,source,documentId", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("missing-in-erp,expensify," + Deleted, StringComparison.Ordinal));

        // Each run is announced to the status targets with its counts.
        var announced = await ReconciliationEventsAsync();
        var event2 = Assert.Single(announced, e => e.GetProperty("subject").GetString() == second.GetProperty("runId").GetString());
        var counts = event2.GetProperty("data").GetProperty("reconciliation").GetProperty("counts");
        Assert.Equal((1, 1, 1), (counts.GetProperty("missing-in-erp").GetInt32(), counts.GetProperty("duplicate-in-erp").GetInt32(), counts.GetProperty("amount-mismatch").GetInt32()));
        Assert.Contains(announced, e => e.GetProperty("subject").GetString() == first.GetProperty("runId").GetString());
    }

    private async Task<List<JsonElement>> ReconciliationEventsAsync()
    {
        var queue = new Azure.Storage.Queues.QueueClient(e2e.Azurite.ConnectionString, ThreeWayFixture.StatusQueue);
        var events = new List<JsonElement>();
        while (true)
        {
            var messages = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value;
            if (messages.Length == 0)
            {
                return events;
            }

            foreach (var message in messages)
            {
                var json = JsonDocument.Parse(Convert.FromBase64String(message.MessageText)).RootElement.Clone();
                if (json.GetProperty("type").GetString() == "financeflow.reconciliation.completed")
                {
                    events.Add(json);
                }
            }
        }
    }

    private async Task<JsonElement> ReconcileAsync()
    {
        using var response = await e2e.Http.PostAsync("/api/v1/reconciliations", content: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync())).RootElement.Clone();
    }

    private static List<(string Class, string DocumentId, bool Redriven, string? Ours, string? Theirs)> Findings(JsonElement report) =>
        [.. report.GetProperty("threeWay").GetProperty("findings").EnumerateArray().Select(f => (
            f.GetProperty("class").GetString()!,
            f.GetProperty("documentId").GetString()!,
            f.GetProperty("redrive").GetBoolean(),
            f.TryGetProperty("ours", out var ours) && ours.ValueKind == JsonValueKind.String ? ours.GetString() : null,
            f.TryGetProperty("theirs", out var theirs) && theirs.ValueKind == JsonValueKind.String ? theirs.GetString() : null))];

    /// <summary>The transaction with <paramref name="code"/>: its date line and its indented lines, up to the next blank line.</summary>
    private static string Block(string journal, string code)
    {
        var match = Regex.Match(journal, @"^\d{4}-\d{2}-\d{2}[^\n]*\(" + Regex.Escape(code) + @"\)[^\n]*\n(?:[ \t]+[^\n]*\n?)*", RegexOptions.Multiline);
        Assert.True(match.Success, $"no transaction {code} in the journal");
        return match.Value;
    }

    /// <summary>The transaction with every posting's amount doubled (costs kept): still balanced, but not what FinanceFlow posted.</summary>
    private static string Doubled(string block) => string.Join('\n', block.Split('\n').Select(DoubledPosting));

    // A posting line is indentation, the account, two spaces or more, then the amount (account names may hold digits).
    private static string DoubledPosting(string line)
    {
        var account = line.Length - line.TrimStart().Length;
        var gap = line.IndexOf("  ", account, StringComparison.Ordinal);
        if (account == 0 || line.TrimStart().StartsWith(';') || gap < 0)
        {
            return line;
        }

        var amount = FirstAmount().Replace(line[gap..], m => (decimal.Parse(m.Value, CultureInfo.InvariantCulture) * 2).ToString(CultureInfo.InvariantCulture), 1);
        return line[..gap] + amount;
    }

    [GeneratedRegex(@"-?\d+(?:\.\d+)?", RegexOptions.None, 1000)]
    private static partial Regex FirstAmount();
}
