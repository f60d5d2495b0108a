using System.Text.Json;
using System.Text.Json.Nodes;
using FinanceFlow.Emulators.Erp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Emulators.BusinessCentral;

/// <summary>
/// Business Central's API v2.0 for one company, on <see cref="ErpEmulatorHost"/> (real HTTP, token endpoint, faults): journals,
/// journalLines, <c>Microsoft.NAV.post</c>, generalLedgerEntries, accounts, purchaseInvoices (deep insert, post), documentAttachments and
/// <c>$batch</c> with <c>Isolation: snapshot</c>, answering in Business Central's shapes from
/// <c>../shared/reference/business-central/</c>, errors as <c>{"error":{"code":"…","message":"…"}}</c>.
/// </summary>
public sealed class BusinessCentralEmulator : IAsyncDisposable
{
    private readonly BusinessCentralStore _store;

    private BusinessCentralEmulator(ErpEmulatorHost host, BusinessCentralStore store)
    {
        Host = host;
        _store = store;
    }

    public ErpEmulatorHost Host { get; }

    public Guid CompanyId => _store.CompanyId;

    /// <summary>The API root, e.g. <c>http://127.0.0.1:5123/api/v2.0</c>: a ledger's <c>BaseUrl</c>.</summary>
    public string BaseUrl => Host.Root + "/api/v2.0";

    public ErpFaultPlan Faults => Host.Faults;

    public BusinessCentralStore Store => _store;

    public static async Task<BusinessCentralEmulator> StartAsync()
    {
        var store = new BusinessCentralStore(Guid.NewGuid());
        BusinessCentralEmulator? emulator = null;
        var host = await ErpEmulatorHost.StartAsync(
            app => app.Map("/api/v2.0/{**path}", context => emulator!.HandleAsync(context)),
            (context, status, message) => WriteError(context, status, status switch
            {
                401 => "Authentication_InvalidCredentials",
                429 => "TooManyRequests",
                503 => "Internal_ServiceUnavailable",
                _ => "Internal_ServerError",
            }, message));
        emulator = new BusinessCentralEmulator(host, store);
        return emulator;
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var path = (string?)context.Request.RouteValues["path"] ?? string.Empty;
        var query = context.Request.QueryString.Value ?? string.Empty;
        JsonNode? body = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            }
            catch (JsonException ex)
            {
                await WriteError(context, 400, "BadRequest", "Invalid Request Body: " + ex.Message);
                return;
            }
        }

        var answer = path == "$batch" && HttpMethods.IsPost(context.Request.Method)
            ? Batch(body, context.Request.Headers["Isolation"].ToString())
            : _store.Execute(context.Request.Method, path, query, body, BaseUrl, undo: null);
        context.Response.StatusCode = answer.Status;
        if (answer.Body is not null)
        {
            context.Response.ContentType = "application/json; odata.metadata=minimal";
            await context.Response.WriteAsync(answer.Body.ToJsonString(), context.RequestAborted);
        }
    }

    // OData JSON batch: each request runs in order; with Isolation: snapshot, one failure rolls every write of the batch back,
    // and the answer still lists each request's own status (bc-v2-batch-response-with-400-error.jsonc).
    private BusinessCentralAnswer Batch(JsonNode? body, string isolation)
    {
        if (body?["requests"] is not JsonArray requests)
        {
            return BusinessCentralStore.Error(400, "BadRequest", "Invalid Request Body: a batch has a 'requests' array.");
        }

        if (requests.Count > BusinessCentralStore.MaxBatchOperations)
        {
            return BusinessCentralStore.Error(400, "BadRequest", $"The batch has {requests.Count} operations; at most {BusinessCentralStore.MaxBatchOperations} are allowed.");
        }

        var snapshot = string.Equals(isolation, "snapshot", StringComparison.OrdinalIgnoreCase);
        var undo = new List<Action>();
        var responses = new JsonArray();
        var failed = false;
        lock (_store.Gate)
        {
            foreach (var request in requests)
            {
                var url = request?["url"]?.GetValue<string>() ?? string.Empty;
                var split = url.IndexOf('?', StringComparison.Ordinal);
                var (path, query) = split < 0 ? (url, string.Empty) : (url[..split], url[split..]);
                var answer = _store.Execute(request?["method"]?.GetValue<string>() ?? "GET", path, query, request?["body"]?.DeepClone(), BaseUrl, snapshot ? undo : null);
                failed |= answer.Status >= 400;
                var response = new JsonObject
                {
                    ["id"] = request?["id"]?.DeepClone(),
                    ["status"] = answer.Status,
                    ["headers"] = answer.Body is null ? new JsonObject() : new JsonObject { ["content-type"] = "application/json; odata.metadata=minimal", ["odata-version"] = "4.0" },
                };
                if (answer.Body is not null)
                {
                    response["body"] = answer.Body;
                }

                responses.Add(response);
            }

            if (snapshot && failed)
            {
                for (var i = undo.Count - 1; i >= 0; i--)
                {
                    undo[i]();
                }
            }
        }

        return new BusinessCentralAnswer(200, new JsonObject { ["responses"] = responses });
    }

    private static Task WriteError(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; odata.metadata=minimal";
        return context.Response.WriteAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString());
    }
}
