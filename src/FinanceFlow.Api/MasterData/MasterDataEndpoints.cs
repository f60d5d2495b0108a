using FinanceFlow.Api.Http;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Workflows;
using FinanceFlow.Workflows.MasterData;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FinanceFlow.Api.MasterData;

/// <summary>What <c>POST /api/v1/masterdata/sync</c> answers: the run's summaries and problems, and the same as text.</summary>
public sealed record MasterDataSyncAnswer(string RunId, DateTimeOffset At, IReadOnlyList<SyncSummary> Summaries, IReadOnlyList<SyncProblem> Problems, string Text);

/// <summary>Governed master data: read and bulk-import one kind (JSON or CSV), and "sync now".</summary>
public static class MasterDataEndpoints
{
    /// <summary><c>GET /api/v1/masterdata/{kind}[?entity=&amp;active=]</c>.</summary>
    public static async Task<IResult> GetAsync(HttpRequest request, string kind, [FromServices] MasterDataRecords records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(records);
        if (!MasterDataKinds.TryParse(kind, out var parsed))
        {
            return UnknownKind(kind);
        }

        bool? active = null;
        if (request.Query["active"].ToString() is { Length: > 0 } activeText)
        {
            if (!bool.TryParse(activeText, out var flag))
            {
                return Problems.InvalidQuery(new ProblemFieldError("active", $"active must be true or false, not '{activeText}'."));
            }

            active = flag;
        }

        return Results.Json(await records.ListAsync(parsed, request.Query["entity"].ToString(), active, cancellationToken), FinanceFlowJson.Options);
    }

    /// <summary><c>PUT /api/v1/masterdata/{kind}[?sourceSystem=&amp;mode=replace|merge&amp;partial=true]</c> with JSON or <c>text/csv</c>.</summary>
    public static async Task<IResult> PutAsync(HttpRequest request, string kind, [FromServices] MasterDataRecords records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(records);
        if (!MasterDataKinds.TryParse(kind, out var parsed))
        {
            return UnknownKind(kind);
        }

        if (ImportQuery.Read(request, parsed) is not { } settings)
        {
            return ImportQuery.Invalid(request);
        }

        var csv = RequestBody.MediaType(request) == BodyPolicy.Csv;
        return (await records.ImportAsync(
            parsed, RequestBody.Of(request), csv, settings, CallerIdentity.Of(request), request.HttpContext.TraceIdentifier, cancellationToken)).ToResult();
    }

    /// <summary><c>POST /api/v1/masterdata/sync</c>: always 200 once the run finished; a ledger that is down or a bad row is a problem in the answer.</summary>
    public static async Task<IResult> SyncAsync(HttpRequest request, [FromServices] MasterDataSync sync, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sync);
        var result = await sync.RunAsync(CallerIdentity.Of(request), cancellationToken);
        return Results.Json(new MasterDataSyncAnswer(result.RunId, result.At, result.Summaries, result.Problems, result.ToString()), FinanceFlowJson.Options);
    }

    private static IResult UnknownKind(string kind) =>
        Problems.Create(StatusCodes.Status404NotFound, "unknown-kind", "Unknown master-data kind", $"There is no master-data kind '{kind}'. Known kinds: {string.Join(", ", MasterDataKinds.Names)}.");
}
