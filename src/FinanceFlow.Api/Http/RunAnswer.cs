using FinanceFlow.Core.Model;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Api.Http;

/// <summary>
/// What a sender or an operator learns about a run: its instance id and the report route that shows it (role Reader). No Durable
/// management URLs: in Azure they carry the extension's system key (terminate, purge, raise events on every instance).
/// </summary>
public sealed record RunAnswer(string Id, string ReportUri)
{
    /// <summary>The answer for <paramref name="report"/>'s run <paramref name="instanceId"/>, with the URL on the host that took <paramref name="request"/>.</summary>
    public static RunAnswer For(HttpRequest request, ReportKey report, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(report);
        var uri = $"{request.Scheme}://{request.Host}{request.PathBase}{ApiRoutes.Root}/reports/{Uri.EscapeDataString(report.Source)}/{Uri.EscapeDataString(report.ReportId)}";
        return new RunAnswer(instanceId, uri);
    }
}
