using System.Globalization;
using FinanceFlow.Api.Http;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Infrastructure.Reconciliation;
using FinanceFlow.Workflows;
using FinanceFlow.Workflows.Metrics;
using FinanceFlow.Workflows.Operations;
using FinanceFlow.Workflows.Reconciliation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Api.Operations;

/// <summary>Finance ops' exception queue, the metrics of the last days, and the reconciliation of FinanceFlow's postings with the ledgers.</summary>
public static class OperationsEndpoints
{
    private const int DefaultTop = 20;

    /// <summary>
    /// <c>GET /api/v1/exceptions[?kind=&amp;source=&amp;entity=&amp;olderThan=&amp;top=&amp;continuation=]</c>: 400 naming each bad parameter;
    /// with <c>top</c>, one page and the next page's <c>next</c> URL and <c>continuation</c> token.
    /// </summary>
    public static async Task<IResult> GetExceptionsAsync(HttpRequest request, [FromServices] ExceptionQueue exceptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (filter, errors) = ExceptionQuery.Read(request);
        if (filter is null)
        {
            return Problems.InvalidQuery([.. errors]);
        }

        ArgumentNullException.ThrowIfNull(exceptions);
        var view = await exceptions.GetAsync(filter, cancellationToken);
        return Results.Json(view.Continuation is { } token ? view with { Next = ExceptionQuery.NextUrl(request, token) } : view, FinanceFlowJson.Options);
    }

    /// <summary>
    /// <c>GET /api/v1/metrics[?days=N]</c>: per UTC day of the last <c>days</c> (default 14, at most 90) what was posted, rejected, failed and
    /// opened for resolution, the sync lag and the failure reasons; 400 naming <c>days</c> otherwise.
    /// </summary>
    public static async Task<IResult> GetMetricsAsync(HttpRequest request, [FromServices] FinanceMetricsQuery metrics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var days = FinanceMetricsQuery.DefaultDays;
        if (request.Query.TryGetValue("days", out var value)
            && (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out days) || days is < 1 or > FinanceMetricsQuery.MaxDays))
        {
            return Problems.InvalidQuery(new ProblemFieldError("days", $"days must be a whole number from 1 to {FinanceMetricsQuery.MaxDays}, not '{value}'."));
        }

        ArgumentNullException.ThrowIfNull(metrics);
        return Results.Json(await metrics.GetAsync(days, cancellationToken), FinanceFlowJson.Options);
    }

    /// <summary><c>POST /api/v1/reconciliations</c>: runs one reconciliation in the request; 200 with its report, whatever it found.</summary>
    public static async Task<IResult> RunReconciliationAsync(
        HttpRequest request, [FromServices] LedgerReconciliationRunner reconciliation, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reconciliation);
        return Results.Json(await reconciliation.RunAsync(CallerIdentity.Of(request), client, cancellationToken), FinanceFlowJson.Options);
    }

    /// <summary><c>GET /api/v1/reconciliations[?top=N]</c>: the newest runs first, with their counts.</summary>
    public static async Task<IResult> ListReconciliationsAsync(HttpRequest request, [FromServices] ReconciliationStore runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var top = DefaultTop;
        if (request.Query.TryGetValue("top", out var value)
            && (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > 500))
        {
            return Problems.InvalidQuery(new ProblemFieldError("top", $"top must be a whole number from 1 to 500, not '{value}'."));
        }

        ArgumentNullException.ThrowIfNull(runs);
        return Results.Json(await runs.ListAsync(top, cancellationToken), FinanceFlowJson.Options);
    }

    /// <summary><c>GET /api/v1/reconciliations/{runId}</c>: one run's full report (JSON; with <c>Accept: text/csv</c> its three-way findings as CSV); 404 for a run never made.</summary>
    public static async Task<IResult> GetReconciliationAsync(HttpRequest request, string runId, [FromServices] ReconciliationStore runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(runs);
        if (WantsCsv(request))
        {
            // The three-way findings as finance ops open them in a spreadsheet.
            return await runs.GetCsvAsync(runId, cancellationToken) is { } csv
                ? Results.Text(csv, "text/csv; charset=utf-8")
                : Problems.Create(StatusCodes.Status404NotFound, "reconciliation-not-found", "Reconciliation not found", $"No reconciliation run '{runId}' with a three-way CSV is recorded.");
        }

        return await runs.GetAsync(runId, cancellationToken) is { } report
            ? Results.Json(report, FinanceFlowJson.Options)
            : Problems.Create(StatusCodes.Status404NotFound, "reconciliation-not-found", "Reconciliation not found", $"No reconciliation run '{runId}' is recorded.");
    }

    private static bool WantsCsv(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true);
}
