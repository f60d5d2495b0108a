using System.Globalization;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Infrastructure.Reconciliation;
using FinanceFlow.Workflows.Http;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Workflows.Reconciliation;

/// <summary>Finance ops' view of the reconciliation: run it now, list the runs, read one run's report.</summary>
public sealed class ReconciliationHandler(LedgerReconciliationRunner runner, ReconciliationStore store)
{
    private const int DefaultTop = 20;

    /// <summary><c>POST /api/v1/reconciliations</c>: runs one reconciliation in the request; 200 with its report, whatever it found.</summary>
    public async Task<IResult> RunAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var report = await runner.RunAsync(CallerIdentity.Of(request), cancellationToken);
        return Results.Json(report, FinanceFlowJson.Options);
    }

    /// <summary><c>GET /api/v1/reconciliations[?top=N]</c>: the newest runs first, with their counts.</summary>
    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var top = DefaultTop;
        if (request.Query.TryGetValue("top", out var value)
            && (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > 500))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-query", "Invalid query", "top must be a whole number from 1 to 500.",
                [new ProblemFieldError("top", $"'{value}' is not a whole number from 1 to 500")]);
        }

        return Results.Json(await store.ListAsync(top, cancellationToken), FinanceFlowJson.Options);
    }

    /// <summary><c>GET /api/v1/reconciliations/{runId}</c>: one run's full report; 404 for a run never made.</summary>
    public async Task<IResult> GetAsync(string runId, CancellationToken cancellationToken) =>
        await store.GetAsync(runId, cancellationToken) is { } report
            ? Results.Json(report, FinanceFlowJson.Options)
            : Problems.Create(StatusCodes.Status404NotFound, "reconciliation-not-found", "Reconciliation not found", $"No reconciliation run '{runId}' is recorded.");
}
