using Azure.Data.Tables;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Mappings;
using FinanceFlow.Infrastructure.MasterData;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.MasterData;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Tests.MasterData;

/// <summary>The master-data and mapping handlers over real Table stores on a private Azurite.</summary>
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
        MasterData = new MasterDataHandler(Store, new MasterDataWriter(Store, Runs, Audit, Source), Time);
        Mapping = new MappingHandler(Mappings, Source, Audit, Time);
    }

    public FixedTime Time { get; }

    public TableMasterDataStore Store { get; }

    public TableMappingStore Mappings { get; }

    public TableSyncRunStore Runs { get; }

    public TableAuditTrail Audit { get; }

    public CachedMasterDataSource Source { get; }

    public MasterDataHandler MasterData { get; }

    public MappingHandler Mapping { get; }

    public static HttpRequest Request(string method, string query = "", string body = "", string contentType = "application/json", string? caller = null)
    {
        var headers = caller is null ? null : new Dictionary<string, string> { ["X-MS-CLIENT-PRINCIPAL-NAME"] = caller };
        var request = HttpTestContext.Request(body, contentType, headers);
        request.Method = method;
        request.QueryString = new QueryString(query);
        return request;
    }
}
