using FinanceFlow.Workflows.MasterData;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FinanceFlow.Functions.Http;

/// <summary>Finance ops: governed master data (bulk import) and versioned mapping rules. A function key (or Easy Auth, which names the caller) protects them.</summary>
public sealed class MasterDataFunctions(MasterDataHandler masterData, MappingHandler mappings)
{
    [Function(nameof(GetMasterData))]
    public async Task<IActionResult> GetMasterData(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/masterdata/{kind}")] HttpRequest request,
        string kind,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await masterData.GetAsync(request, kind, cancellationToken));

    [Function(nameof(PutMasterData))]
    public async Task<IActionResult> PutMasterData(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "v1/masterdata/{kind}")] HttpRequest request,
        string kind,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await masterData.PutAsync(request, kind, cancellationToken));

    [Function(nameof(GetMappings))]
    public async Task<IActionResult> GetMappings(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/mappings/{kind}")] HttpRequest request,
        string kind,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await mappings.GetAsync(request, kind, cancellationToken));

    [Function(nameof(PutMappings))]
    public async Task<IActionResult> PutMappings(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "v1/mappings/{kind}")] HttpRequest request,
        string kind,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await mappings.PutAsync(request, kind, cancellationToken));
}
