using FinanceFlow.Api.Http;
using FinanceFlow.Api.MasterData;
using FinanceFlow.Workflows.MasterData;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FinanceFlow.Functions.Http;

/// <summary>
/// Finance ops: governed master data (bulk import, "sync now") and versioned mapping rules; the scheduled sync is the
/// <c>SyncMasterData</c> timer. A function key (or Easy Auth, which names the caller) protects them.
/// </summary>
public sealed class MasterDataFunctions(ApiFunction api, MasterDataRecords records, MasterDataSync sync, MappingRules rules)
{
    [Function(RouteNames.GetMasterData)]
    public Task<IActionResult> GetMasterData(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/masterdata/{kind}")] HttpRequest request,
        string kind,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.GetMasterData, request, () => MasterDataEndpoints.GetAsync(request, kind, records, cancellationToken));

    [Function(RouteNames.PutMasterData)]
    public Task<IActionResult> PutMasterData(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "v1/masterdata/{kind}")] HttpRequest request,
        string kind,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.PutMasterData, request, () => MasterDataEndpoints.PutAsync(request, kind, records, cancellationToken));

    /// <summary>POST only, so it does not clash with <c>v1/masterdata/{kind}</c> (GET, PUT).</summary>
    [Function(RouteNames.SyncMasterDataNow)]
    public Task<IActionResult> SyncMasterDataNow(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/masterdata/sync")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.SyncMasterDataNow, request, () => MasterDataEndpoints.SyncAsync(request, sync, cancellationToken));

    [Function(RouteNames.GetMappings)]
    public Task<IActionResult> GetMappings(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/mappings/{kind}")] HttpRequest request,
        string kind,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.GetMappings, request, () => MappingEndpoints.GetAsync(request, kind, rules, cancellationToken));

    [Function(RouteNames.PutMappings)]
    public Task<IActionResult> PutMappings(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "v1/mappings/{kind}")] HttpRequest request,
        string kind,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.PutMappings, request, () => MappingEndpoints.PutAsync(request, kind, rules, cancellationToken));

    [Function(RouteNames.ListMappingChanges)]
    public Task<IActionResult> ListMappingChanges(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/mappings/{kind}/changes")] HttpRequest request,
        string kind,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.ListMappingChanges, request, () => MappingEndpoints.ListChangesAsync(request, kind, rules, cancellationToken));

    [Function(RouteNames.GetMappingChange)]
    public Task<IActionResult> GetMappingChange(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/mappings/{kind}/changes/{changeId}")] HttpRequest request,
        string kind,
        string changeId,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.GetMappingChange, request, () => MappingEndpoints.GetChangeAsync(kind, changeId, rules, cancellationToken));

    [Function(RouteNames.ApproveMappingChange)]
    public Task<IActionResult> ApproveMappingChange(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/mappings/{kind}/changes/{changeId}/approve")] HttpRequest request,
        string kind,
        string changeId,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.ApproveMappingChange, request, () => MappingEndpoints.ApproveAsync(request, kind, changeId, rules, cancellationToken));

    [Function(RouteNames.RejectMappingChange)]
    public Task<IActionResult> RejectMappingChange(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/mappings/{kind}/changes/{changeId}/reject")] HttpRequest request,
        string kind,
        string changeId,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.RejectMappingChange, request, () => MappingEndpoints.RejectAsync(request, kind, changeId, rules, cancellationToken));
}
