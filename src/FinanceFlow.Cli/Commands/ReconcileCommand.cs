using System.Net.Http.Headers;
using System.Text.Json;
using FinanceFlow.Cli.Http;
using FinanceFlow.Core.Reconciliation;
using FinanceFlow.Core.Security;

namespace FinanceFlow.Cli.Commands;

/// <summary>Options of <c>reconcile</c>. Running a reconciliation is an Operator's.</summary>
/// <param name="Access">The token (and, for an Azure Functions host, the function key) sent with the call.</param>
public sealed record ReconcileSettings(Uri BaseUrl, HostAccess Access)
{
    public static ReconcileSettings From(CommandLineOptions options)
    {
        var url = options.RequiredString("url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--url must be an absolute http(s) URL, not '{url}'.");
        }

        var access = AccessOptions.Read(options, "reconcile", TimeSpan.FromHours(1), FinanceFlowRoles.Operator);
        options.RejectUnknown();
        return new ReconcileSettings(baseUrl, access);
    }
}

/// <summary>
/// <c>reconcile</c>: runs one reconciliation on the host (<c>POST /api/v1/reconciliations</c>) and prints it as finance ops read it:
/// per ledger what matched and each difference with what to do, then the reports still open. Exit 0 when the ledgers balance
/// with FinanceFlow's postings (open reports do not change the exit code), 1 when they differ, 3 when the host could not run it
/// (a 401 or 403 included: the message says which token was sent and how to get one).
/// </summary>
public static class ReconcileCommand
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(300) };

    public static async Task<int> RunAsync(ReconcileSettings settings, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.BaseUrl, "/api/v1/reconciliations"));
        settings.Access.Apply(request);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await Http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (HostRefusedException.IsRefusal((int)response.StatusCode))
        {
            var refused = HostRefusedException.From(HttpMethod.Post, request.RequestUri!, (int)response.StatusCode, body, settings.Access);
            await Console.Error.WriteLineAsync($"reconcile: {refused.Message}");
            return 3;
        }

        if (!response.IsSuccessStatusCode)
        {
            await Console.Error.WriteLineAsync($"reconcile: the host answered {(int)response.StatusCode}: {body}");
            return 3;
        }

        using var report = JsonDocument.Parse(body);
        var root = report.RootElement;
        var outcome = root.GetProperty("outcome").GetString();
        var seconds = (root.GetProperty("finishedAt").GetDateTimeOffset() - root.GetProperty("startedAt").GetDateTimeOffset()).TotalSeconds;
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Reconciliation {root.GetProperty("runId").GetString()}: {outcome} (in {seconds:0.00} s)"));
        foreach (var ledger in root.GetProperty("ledgers").EnumerateArray())
        {
            Console.WriteLine(
                $"  {ledger.GetProperty("ledger").GetString(),-22} ledger {ledger.GetProperty("erpTransactions").GetInt32(),4}  FinanceFlow {ledger.GetProperty("recordedPostings").GetInt32(),4}  matched {ledger.GetProperty("matched").GetInt32(),4}");
            foreach (var finding in ledger.GetProperty("findings").EnumerateArray())
            {
                Console.WriteLine($"    {finding.GetProperty("severity").GetString()} {finding.GetProperty("code").GetString()}: {finding.GetProperty("message").GetString()}");
                Console.WriteLine($"      → {finding.GetProperty("action").GetString()}");
            }
        }

        if (root.TryGetProperty("threeWay", out var threeWay) && threeWay.ValueKind == JsonValueKind.Object)
        {
            Console.WriteLine(
                $"  Three-way {threeWay.GetProperty("window").GetString()}: {threeWay.GetProperty("approved").GetInt32()} approved, {threeWay.GetProperty("tracked").GetInt32()} tracked, "
                + $"{threeWay.GetProperty("ledgerEntries").GetInt32()} ledger entries, {threeWay.GetProperty("matched").GetInt32()} matched");
            foreach (var platform in threeWay.GetProperty("platforms").EnumerateArray().Where(p => p.GetProperty("error").ValueKind == JsonValueKind.String))
            {
                Console.WriteLine($"    unreadable {platform.GetProperty("source").GetString()}: {platform.GetProperty("error").GetString()}");
            }

            foreach (var finding in threeWay.GetProperty("findings").EnumerateArray())
            {
                var redriven = finding.GetProperty("redrive").GetBoolean() ? " (sent through the pipeline again)" : string.Empty;
                Console.WriteLine($"    {finding.GetProperty("class").GetString()} {finding.GetProperty("source").GetString()}/{finding.GetProperty("documentId").GetString()}{redriven}: {finding.GetProperty("message").GetString()}");
            }
        }

        var open = root.GetProperty("openItems").EnumerateArray().ToList();
        Console.WriteLine(open.Count == 0 ? "  Open reports: none" : $"  Open reports: {open.Count}");
        foreach (var item in open)
        {
            Console.WriteLine($"    {item.GetProperty("kind").GetString()} {item.GetProperty("source").GetString()}/{item.GetProperty("reportId").GetString()} v{item.GetProperty("version").GetInt32()}: {item.GetProperty("reason").GetString()}");
            Console.WriteLine($"      → {item.GetProperty("action").GetString()}");
        }

        return outcome == ReconciliationReport.Balanced ? 0 : 1;
    }
}
