using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FinanceFlow.Cli.Http;
using FinanceFlow.Core.Security;

namespace FinanceFlow.Cli.Commands;

/// <summary>Options of <c>approve-mapping</c> and <c>reject-mapping</c>: a decision on one proposed mapping change, as a MasterData principal.</summary>
/// <param name="Approve">True for <c>approve-mapping</c>, false for <c>reject-mapping</c>.</param>
/// <param name="Reason"><c>--reason</c> of a rejection.</param>
public sealed record MappingDecisionSettings(Uri BaseUrl, string Kind, string ChangeId, bool Approve, string? Reason, HostAccess Access)
{
    public static MappingDecisionSettings From(CommandLineOptions options, bool approve)
    {
        var command = approve ? "approve-mapping" : "reject-mapping";
        var url = options.RequiredString("url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--url must be an absolute http(s) URL, not '{url}'.");
        }

        var kind = options.RequiredString("kind");
        var changeId = options.RequiredString("change");
        var reason = approve ? null : options.String("reason");
        var access = AccessOptions.Read(options, command, TimeSpan.FromHours(1), FinanceFlowRoles.MasterData);
        options.RejectUnknown();
        return new MappingDecisionSettings(baseUrl, kind, changeId, approve, reason, access);
    }
}

/// <summary>
/// <c>approve-mapping</c> / <c>reject-mapping</c>: the checker's half of a mapping change
/// (<c>POST /api/v1/mappings/{kind}/changes/{changeId}/approve|reject</c>). Exit 0 when decided, 1 when the host refused the decision
/// (the maker approving their own change, a change already decided, one that no longer applies), 3 when the token was refused.
/// </summary>
public static class MappingDecisionCommand
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public static async Task<int> RunAsync(MappingDecisionSettings settings, CancellationToken cancellationToken)
    {
        var action = settings.Approve ? "approve" : "reject";
        var uri = new Uri(settings.BaseUrl, $"/api/v1/mappings/{Uri.EscapeDataString(settings.Kind)}/changes/{Uri.EscapeDataString(settings.ChangeId)}/{action}");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri);
        settings.Access.Apply(request);
        if (settings.Reason is { } reason)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(new { reason }), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await Http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (HostRefusedException.IsRefusal((int)response.StatusCode) && !body.Contains("maker-cannot-approve", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync($"{action}-mapping: {HostRefusedException.From(HttpMethod.Post, uri, (int)response.StatusCode, body, settings.Access).Message}");
            return 3;
        }

        if (!response.IsSuccessStatusCode)
        {
            await Console.Error.WriteLineAsync($"{action}-mapping: the host answered {(int)response.StatusCode}: {ProblemText.Of(body)}");
            return 1;
        }

        using var answer = JsonDocument.Parse(body);
        var root = answer.RootElement;
        Console.WriteLine(settings.Approve
            ? $"{settings.Kind} change {settings.ChangeId}: approved by {root.GetProperty("decidedBy").GetString()}, proposed by {root.GetProperty("proposedBy").GetString()}; version {root.GetProperty("version")} in force ({root.GetProperty("changed").GetArrayLength()} rule(s) written)"
            : $"{settings.Kind} change {settings.ChangeId}: rejected by {root.GetProperty("decidedBy").GetString()}; it never takes effect");
        return 0;
    }
}
