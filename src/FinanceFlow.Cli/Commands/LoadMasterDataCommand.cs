using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FinanceFlow.Cli.Http;

namespace FinanceFlow.Cli.Commands;

/// <summary>
/// <c>load-masterdata</c>: imports a master-data file (one array per kind) through <c>PUT /api/v1/masterdata/{kind}</c> and a
/// mappings file through <c>PUT /api/v1/mappings/{kind}</c>, as a system without an API would. Mapping kinds that already have
/// rules are left alone: a mapping change is a new effective-dated rule, not a reload. Each mapping change is a proposal that a
/// second principal approves (<c>--approver</c>); without one it stays pending and the command says how to approve it.
/// </summary>
public static class LoadMasterDataCommand
{
    public const string MasterDataFile = "masterdata.json";
    public const string MappingsFile = "mappings.json";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(120) };

    public static async Task<int> RunAsync(LoadMasterDataSettings settings, CancellationToken cancellationToken)
    {
        var failures = settings.MappingsOnly ? 0 : await LoadMasterDataAsync(settings, cancellationToken);
        var mappingsPath = Path.Combine(settings.Directory, MappingsFile);
        if (File.Exists(mappingsPath))
        {
            failures += await LoadMappingsAsync(settings, mappingsPath, cancellationToken);
        }

        return failures == 0 ? 0 : 1;
    }

    private static async Task<int> LoadMasterDataAsync(LoadMasterDataSettings settings, CancellationToken cancellationToken)
    {
        var failures = 0;
        using var masterData = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(settings.Directory, MasterDataFile), cancellationToken));
        Console.WriteLine($"Master data from {Path.Combine(settings.Directory, MasterDataFile)} (source system {settings.SourceSystem}):");
        foreach (var kind in masterData.RootElement.EnumerateObject())
        {
            var uri = new Uri(settings.BaseUrl, $"/api/v1/masterdata/{kind.Name}?sourceSystem={Uri.EscapeDataString(settings.SourceSystem)}");
            var (ok, answer) = await SendAsync(HttpMethod.Put, uri, kind.Value.GetRawText(), settings, cancellationToken);
            if (ok && answer.TryGetProperty("summary", out var summary))
            {
                Console.WriteLine($"  {kind.Name,-15} added {Count(summary, "added"),4}  changed {Count(summary, "changed"),4}  unchanged {Count(summary, "unchanged"),4}  deactivated {Count(summary, "deactivated"),4}");
            }
            else
            {
                failures++;
                Console.WriteLine($"  {kind.Name,-15} FAILED: {Problem(answer)}");
            }
        }

        return failures;
    }

    private static async Task<int> LoadMappingsAsync(LoadMasterDataSettings settings, string mappingsPath, CancellationToken cancellationToken)
    {
        var failures = 0;
        using var mappings = JsonDocument.Parse(await File.ReadAllBytesAsync(mappingsPath, cancellationToken));
        Console.WriteLine($"Mappings from {mappingsPath} (changed by {settings.Access.Principal ?? "the token's subject"}):");
        foreach (var kind in mappings.RootElement.EnumerateObject())
        {
            var uri = new Uri(settings.BaseUrl, $"/api/v1/mappings/{kind.Name}");
            var (found, current) = await SendAsync(HttpMethod.Get, uri, null, settings, cancellationToken);
            if (found && current.TryGetProperty("rules", out var rules) && rules.GetArrayLength() > 0)
            {
                Console.WriteLine($"  {kind.Name,-15} already has {rules.GetArrayLength()} rule(s) at version {current.GetProperty("version")}; left as they are");
                continue;
            }

            var (ok, answer) = await SendAsync(HttpMethod.Put, uri, $$"""{"rules":{{kind.Value.GetRawText()}}}""", settings.Access, cancellationToken);
            if (!ok)
            {
                failures++;
                Console.WriteLine($"  {kind.Name,-15} FAILED: {Problem(answer)}");
                continue;
            }

            var changeId = answer.GetProperty("changeId").GetString()!;
            if (settings.Approver is not { } approver)
            {
                Console.WriteLine($"  {kind.Name,-15} proposed as change {changeId} ({answer.GetProperty("rules").GetArrayLength()} rule(s)), pending: a second principal approves it with");
                Console.WriteLine($"                  financeflow approve-mapping --url {settings.BaseUrl.GetLeftPart(UriPartial.Authority)} --kind {kind.Name} --change {changeId}");
                continue;
            }

            var (approved, decision) = await SendAsync(HttpMethod.Post, new Uri(settings.BaseUrl, $"/api/v1/mappings/{kind.Name}/changes/{changeId}/approve"), null, approver, cancellationToken);
            if (approved)
            {
                Console.WriteLine($"  {kind.Name,-15} version {decision.GetProperty("version")}: {decision.GetProperty("changed").GetArrayLength()} rule(s), proposed by {decision.GetProperty("proposedBy").GetString()}, approved by {decision.GetProperty("decidedBy").GetString()}");
            }
            else
            {
                failures++;
                Console.WriteLine($"  {kind.Name,-15} change {changeId} NOT APPROVED: {Problem(decision)}");
            }
        }

        return failures;
    }

    private static Task<(bool Ok, JsonElement Answer)> SendAsync(HttpMethod method, Uri uri, string? json, LoadMasterDataSettings settings, CancellationToken cancellationToken) =>
        SendAsync(method, uri, json, settings.Access, cancellationToken);

    private static async Task<(bool Ok, JsonElement Answer)> SendAsync(HttpMethod method, Uri uri, string? json, HostAccess access, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        // The token names who changed the data: the audit trail's actor is the validated token's name.
        access.Apply(request);
        using var response = await Http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);

        // A maker approving their own change is refused 403 for who they are, not for the token's roles.
        if (HostRefusedException.IsRefusal((int)response.StatusCode) && !text.Contains("maker-cannot-approve", StringComparison.Ordinal))
        {
            throw HostRefusedException.From(method, uri, (int)response.StatusCode, text, access);
        }

        JsonElement answer;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
            answer = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            answer = JsonSerializer.SerializeToElement(new { detail = $"{(int)response.StatusCode}: {text}" });
        }

        return (response.IsSuccessStatusCode, answer);
    }

    private static int Count(JsonElement summary, string name) => summary.TryGetProperty(name, out var value) ? value.GetInt32() : 0;

    private static string Problem(JsonElement answer)
    {
        var detail = answer.TryGetProperty("detail", out var d) ? d.GetString() : answer.GetRawText();
        if (answer.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
        {
            detail += " " + string.Join("; ", errors.EnumerateArray().Take(10).Select(e => e.GetRawText()));
        }

        return detail ?? "?";
    }
}
