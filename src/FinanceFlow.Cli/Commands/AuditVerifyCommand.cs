using System.Net.Http.Headers;
using System.Text.Json;
using FinanceFlow.Cli.Http;
using FinanceFlow.Core.Security;

namespace FinanceFlow.Cli.Commands;

/// <summary>Options of <c>audit verify</c>. Reading a report's audit trail is a Reader's.</summary>
/// <param name="Access">The token (and, for an Azure Functions host, the function key) sent with the call.</param>
public sealed record AuditVerifySettings(Uri BaseUrl, string Source, string ReportId, HostAccess Access)
{
    public static AuditVerifySettings From(CommandLineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var url = options.String("url") ?? "http://127.0.0.1:7071";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--url must be an absolute http(s) URL, not '{url}'.");
        }

        var source = options.RequiredString("source");
        var report = options.RequiredString("report");
        var access = AccessOptions.Read(options, "audit verify", TimeSpan.FromHours(1), FinanceFlowRoles.Reader);
        options.RejectUnknown();
        return new AuditVerifySettings(baseUrl, source.ToLowerInvariant(), report, access);
    }
}

/// <summary>
/// <c>audit verify</c>: asks the host whether a report's audit rows still form their hash chain
/// (<c>GET /api/v1/reports/{source}/{reportId}/audit/verify</c>) and prints the answer, with the first break. Exit 0 when
/// intact, 1 when broken, 3 when the host could not answer (unknown report, 401 or 403: the message says which token was sent).
/// </summary>
public static class AuditVerifyCommand
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(120) };

    public static Task<int> RunAsync(AuditVerifySettings settings, CancellationToken cancellationToken) =>
        RunAsync(settings, Http, Console.Out, Console.Error, cancellationToken);

    /// <summary>The command against <paramref name="http"/>, printing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(AuditVerifySettings settings, HttpClient http, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var uri = new Uri(settings.BaseUrl, $"/api/v1/reports/{Uri.EscapeDataString(settings.Source)}/{Uri.EscapeDataString(settings.ReportId)}/audit/verify");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        settings.Access.Apply(request);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (HostRefusedException.IsRefusal((int)response.StatusCode))
        {
            await error.WriteLineAsync($"audit verify: {HostRefusedException.From(HttpMethod.Get, uri, (int)response.StatusCode, body, settings.Access).Message}");
            return 3;
        }

        if (!response.IsSuccessStatusCode)
        {
            await error.WriteLineAsync($"audit verify: the host answered {(int)response.StatusCode}: {ProblemText.Of(body)}");
            return 3;
        }

        using var answer = JsonDocument.Parse(body);
        var root = answer.RootElement;
        await output.WriteLineAsync($"Audit trail of {settings.Source}/{settings.ReportId}: {root.GetProperty("summary").GetString()}");
        if (root.GetProperty("firstBreak") is { ValueKind: JsonValueKind.Object } first)
        {
            var sequence = first.GetProperty("sequence") is { ValueKind: JsonValueKind.Number } number ? $"row {number.GetInt64()}" : "a row without a chain link";
            await output.WriteLineAsync($"  first break: {first.GetProperty("kind").GetString()} at {sequence} (key {first.GetProperty("rowKey").GetString()})");
            await output.WriteLineAsync($"  expected hash: {Text(first, "expected")}");
            await output.WriteLineAsync($"  found hash:    {Text(first, "found")}");
            return 1;
        }

        if (root.GetProperty("lastSequence") is { ValueKind: JsonValueKind.Number } last)
        {
            // Kept somewhere else, the newest row's hash shows a later removal of the newest rows, which leaves a shorter chain that is still whole.
            await output.WriteLineAsync($"  last row {last.GetInt64()}, hash {Text(root, "lastHash")}");
        }

        return 0;
    }

    private static string Text(JsonElement element, string name) =>
        element.GetProperty(name) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : "-";
}
