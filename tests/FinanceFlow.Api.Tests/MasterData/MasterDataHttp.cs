using System.Text.Json;
using Azure.Data.Tables;
using FinanceFlow.Api.Http;
using FinanceFlow.Api.MasterData;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Mappings;
using FinanceFlow.Infrastructure.MasterData;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.MasterData;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Api.Tests.MasterData;

/// <summary>The master-data and mapping routes over real Table stores on a private Azurite, each through its route policy.</summary>
internal sealed class MasterDataHttp
{
    public MasterDataHttp(AzuriteProcess azurite, DateTimeOffset now)
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        Time = new FixedTime(now);
        Store = new TableMasterDataStore(tables);
        Mappings = new TableMappingStore(tables);
        Runs = new TableSyncRunStore(tables);
        Audit = new TableAuditTrail(tables);
        Source = new CachedMasterDataSource(Store, Mappings, new StaticOptions<MasterDataOptions>(new MasterDataOptions { CacheSeconds = 300 }), Time);
        Records = new MasterDataRecords(Store, new MasterDataWriter(Store, Runs, Audit, Source), Time);
        Rules = new MappingRules(Mappings, Source, Audit, Time);
    }

    public FixedTime Time { get; }

    public TableMasterDataStore Store { get; }

    public TableMappingStore Mappings { get; }

    public TableSyncRunStore Runs { get; }

    public TableAuditTrail Audit { get; }

    public CachedMasterDataSource Source { get; }

    public MasterDataRecords Records { get; }

    public MappingRules Rules { get; }

    /// <summary><c>GET</c> or <c>PUT /api/v1/masterdata/{kind}</c>, as the request's method says.</summary>
    public Task<(int Status, string? ContentType, JsonElement Body)> MasterDataAsync(HttpRequest request, string kind) =>
        HttpMethods.IsGet(request.Method)
            ? HttpTestContext.RunAsync(RouteNames.GetMasterData, request, () => MasterDataEndpoints.GetAsync(request, kind, Records, CancellationToken.None))
            : HttpTestContext.RunAsync(RouteNames.PutMasterData, request, () => MasterDataEndpoints.PutAsync(request, kind, Records, CancellationToken.None));

    /// <summary><c>GET</c> or <c>PUT /api/v1/mappings/{kind}</c>, as the request's method says, over <paramref name="rules"/> or <see cref="Rules"/>.</summary>
    public Task<(int Status, string? ContentType, JsonElement Body)> MappingsAsync(HttpRequest request, string kind, MappingRules? rules = null) =>
        HttpMethods.IsGet(request.Method)
            ? HttpTestContext.RunAsync(RouteNames.GetMappings, request, () => MappingEndpoints.GetAsync(request, kind, rules ?? Rules, CancellationToken.None))
            : HttpTestContext.RunAsync(RouteNames.PutMappings, request, () => MappingEndpoints.PutAsync(request, kind, rules ?? Rules, CancellationToken.None));

    /// <summary><c>POST /api/v1/mappings/{kind}/changes/{changeId}/approve</c> (or <c>/reject</c> when <paramref name="approve"/> is false).</summary>
    public Task<(int Status, string? ContentType, JsonElement Body)> DecideAsync(HttpRequest request, string kind, string changeId, bool approve = true, MappingRules? rules = null) =>
        approve
            ? HttpTestContext.RunAsync(RouteNames.ApproveMappingChange, request, () => MappingEndpoints.ApproveAsync(request, kind, changeId, rules ?? Rules, CancellationToken.None))
            : HttpTestContext.RunAsync(RouteNames.RejectMappingChange, request, () => MappingEndpoints.RejectAsync(request, kind, changeId, rules ?? Rules, CancellationToken.None));

    /// <summary><c>GET /api/v1/mappings/{kind}/changes</c> (with the request's query) or, with <paramref name="changeId"/>, one change.</summary>
    public Task<(int Status, string? ContentType, JsonElement Body)> ChangesAsync(HttpRequest request, string kind, string? changeId = null) =>
        changeId is null
            ? HttpTestContext.RunAsync(RouteNames.ListMappingChanges, request, () => MappingEndpoints.ListChangesAsync(request, kind, Rules, CancellationToken.None))
            : HttpTestContext.RunAsync(RouteNames.GetMappingChange, request, () => MappingEndpoints.GetChangeAsync(kind, changeId, Rules, CancellationToken.None));

    /// <summary>A request from <paramref name="caller"/> holding every role, or only <paramref name="roles"/> when given.</summary>
    public static HttpRequest Request(string method, string query = "", string body = "", string contentType = "application/json", string? caller = null, params string[] roles)
    {
        var request = HttpTestContext.Request(body, contentType, caller: caller ?? TestIdentity.OperatorName);
        if (roles.Length > 0)
        {
            request.HttpContext.User = TestIdentity.Principal(caller ?? TestIdentity.OperatorName, roles);
        }

        request.Method = method;
        request.QueryString = new QueryString(query);
        return request;
    }
}
