using FinanceFlow.Api.Http;
using FinanceFlow.Api.Reports;
using FinanceFlow.Workflows.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Functions.Http;

/// <summary>
/// Finance ops' view of one report's whole story, starting a failed or terminated report again from its kept payload, and a person's
/// decision about a report waiting on an overridable exception.
/// </summary>
public sealed class ReportStoryFunctions(ApiFunction api, ReportStory story, ReportResubmit resubmit, ReportResolution resolution)
{
    [Function(RouteNames.ResolveReportException)]
    public Task<IActionResult> ResolveReportException(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/reports/{source}/{reportId}/resolution")] HttpRequest request,
        string source,
        string reportId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.ResolveReportException, request, () => ReportEndpoints.ResolveAsync(request, source, reportId, resolution, client, cancellationToken));

    [Function(RouteNames.GetReportStory)]
    public Task<IActionResult> GetReportStory(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/reports/{source}/{reportId}/story")] HttpRequest request,
        string source,
        string reportId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.GetReportStory, request, () => ReportEndpoints.GetStoryAsync(source, reportId, story, client, cancellationToken));

    [Function(RouteNames.ResubmitReport)]
    public Task<IActionResult> ResubmitReport(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/reports/{source}/{reportId}/resubmit")] HttpRequest request,
        string source,
        string reportId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.ResubmitReport, request, () => ReportEndpoints.ResubmitAsync(request, source, reportId, resubmit, client, cancellationToken));
}
