using FinanceFlow.Workflows.MasterData;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FinanceFlow.Functions.Http;

/// <summary>Finance ops' "sync now" for master data; the scheduled run is the <c>SyncMasterData</c> timer.</summary>
public sealed class MasterDataSyncFunctions(MasterDataSyncHandler sync)
{
    /// <summary>Runs one master-data sync and answers its summary. POST only, so it does not clash with <c>v1/masterdata/{kind}</c> (GET, PUT).</summary>
    [Function(nameof(SyncMasterDataNow))]
    public async Task<IActionResult> SyncMasterDataNow(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/masterdata/sync")] HttpRequest request,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await sync.SyncAsync(request, cancellationToken));
}
