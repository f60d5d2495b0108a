using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Workflows.Http;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Workflows.MasterData;

/// <summary>What <c>POST /api/v1/masterdata/sync</c> answers: the run's summaries and problems, and the same as text.</summary>
public sealed record MasterDataSyncAnswer(string RunId, DateTimeOffset At, IReadOnlyList<SyncSummary> Summaries, IReadOnlyList<SyncProblem> Problems, string Text);

/// <summary>"Sync now" for finance ops: runs one master-data sync in the request and answers what it did.</summary>
public sealed class MasterDataSyncHandler(MasterDataSync sync)
{
    /// <summary>Always 200 once the run finished: a ledger that is down or a bad row is a problem in the answer, not an error.</summary>
    public async Task<IResult> SyncAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var result = await sync.RunAsync(CallerIdentity.Of(request), cancellationToken);
        return Results.Json(new MasterDataSyncAnswer(result.RunId, result.At, result.Summaries, result.Problems, result.ToString()), FinanceFlowJson.Options);
    }
}
