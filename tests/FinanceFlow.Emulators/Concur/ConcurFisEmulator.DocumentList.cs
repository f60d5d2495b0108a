using System.Globalization;
using System.Text.Json.Nodes;
using FinanceFlow.Connectors.Concur.Fis;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Types;
using WireMock.Util;

namespace FinanceFlow.Emulators.Concur;

/// <summary>
/// Concur's ready queue: documents offered with <see cref="Offer"/> are listed (Get Financial Transactions, paged with first/self/next/last
/// links like the guide's sample, <c>limit</c> and <c>page</c> honoured) and fetched by <c>docId</c> until they are acknowledged; then
/// neither lists nor fetches them, as Concur does.
/// </summary>
public sealed partial class ConcurFisEmulator
{
    // Over the served document's routes, under With(): a test can still put a fault in front.
    private const int OfferedPriority = 40;

    private const int DefaultLimit = 25;

    private readonly Lock _offeredLock = new();
    private readonly List<JsonObject> _offered = [];
    private readonly HashSet<string> _acknowledged = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _offeredTypes = new(StringComparer.Ordinal);

    /// <summary>The transactions path of <paramref name="docType"/> (<c>expense</c>, <c>cashadvance</c>).</summary>
    public static string TransactionsPathOf(string docType) => $"/financialintegration/fi/v4/companies/transactiontypes/{docType}/transactions";

    /// <summary>
    /// Puts FIS list items (<c>id</c>, <c>docType</c>, <c>document</c>…, see <see cref="ConcurFisPayloads.ListItem"/>) in the ready queue;
    /// from then on the expense and cash-advance lists are Concur's ready queue (<c>Offer()</c> with no item: both empty).
    /// </summary>
    public ConcurFisEmulator Offer(params JsonObject[] items)
    {
        lock (_offeredLock)
        {
            // The types FinanceFlow lists are served from the first offer on, empty until offered, as Concur answers them.
            foreach (var docType in items.Select(i => i["docType"]!.GetValue<string>()).Concat(["expense", "cashadvance"]))
            {
                if (_offeredTypes.Add(docType))
                {
                    ServeQueue(docType);
                }
            }

            _offered.AddRange(items);
        }

        return this;
    }

    /// <summary>The FIS ids acknowledged so far among the offered documents.</summary>
    public IReadOnlyCollection<string> Acknowledged
    {
        get
        {
            lock (_offeredLock)
            {
                return [.. _acknowledged];
            }
        }
    }

    private void ServeQueue(string docType)
    {
        var path = TransactionsPathOf(docType);
        _server.Given(Request.Create().WithPath(path).UsingGet()).AtPriority(OfferedPriority)
            .RespondWith(Response.Create().WithCallback(request => Json(List(docType, request.Query))));
        _server.Given(Request.Create().WithPath(path + "/acknowledgements").UsingPost()).AtPriority(OfferedPriority)
            .RespondWith(Response.Create().WithCallback(request => Json(Acknowledge(JsonNode.Parse(request.Body!)!["ids"]!.AsArray()))));
        _server.Given(Request.Create().WithPath(path + "/postingconfirmations").UsingPost()).AtPriority(OfferedPriority)
            .RespondWith(Response.Create().WithCallback(request => Json(new JsonArray(
                [.. JsonNode.Parse(request.Body!)!["postingConfirmations"]!.AsArray()
                    .Select(c => JsonNode.Parse(ConcurFisPayloads.AnswerFor(ConcurFisPayloads.PostingConfirmationsAnswer, c!["docId"]!.GetValue<string>()))![0]!.DeepClone())]))));
    }

    private JsonObject List(string docType, IDictionary<string, WireMockList<string>>? query)
    {
        string? Query(string name) => query is not null && query.TryGetValue(name, out var values) ? values.FirstOrDefault() : null;
        List<JsonObject> ready;
        lock (_offeredLock)
        {
            ready = [.. _offered.Where(i => i["docType"]!.GetValue<string>() == docType && !_acknowledged.Contains(Id(i))).Select(i => (JsonObject)i.DeepClone())];
        }

        if (Query("docId") is { } docId)
        {
            // Concur's docId is the report (or cash advance) id the event names; the FIS id is taken too.
            var one = ready.Where(i => string.Equals(Id(i), docId, StringComparison.OrdinalIgnoreCase) || string.Equals(DocIdOf(i), docId, StringComparison.OrdinalIgnoreCase)).Take(1).ToList();
            return Page(one, [], 1, 0, one.Count);
        }

        var limit = int.TryParse(Query("limit"), CultureInfo.InvariantCulture, out var l) && l > 0 ? l : DefaultLimit;
        var page = int.TryParse(Query("page"), CultureInfo.InvariantCulture, out var p) && p >= 0 ? p : 0;
        var totalPages = Math.Max(1, (ready.Count + limit - 1) / limit);
        string Href(int n) => string.Create(CultureInfo.InvariantCulture, $"{Url}{TransactionsPathOf(docType)}?limit={limit}&page={n}&size={limit}");
        var links = new List<(string Rel, string Href)> { ("first", Href(0)), ("self", Href(page)) };
        if (page + 1 < totalPages)
        {
            links.Add(("next", Href(page + 1)));
        }

        links.Add(("last", Href(totalPages - 1)));
        return Page([.. ready.Skip(page * limit).Take(limit)], links, limit, page, ready.Count);
    }

    private JsonArray Acknowledge(JsonArray ids)
    {
        var answer = new JsonArray();
        lock (_offeredLock)
        {
            foreach (var id in ids.Select(i => i!.GetValue<string>()))
            {
                var known = _offered.Any(i => string.Equals(Id(i), id, StringComparison.OrdinalIgnoreCase));
                var (code, result, message) = !known ? (104, "FAILURE", "This document does not exist.")
                    : _acknowledged.Add(id) ? (ConcurServiceCodes.Success, "SUCCESS", "")
                    : (ConcurServiceCodes.PreviouslyAcknowledged, "FAILURE", "This document was previously acknowledged by SystemId: null.");
                answer.Add(new JsonObject { ["code"] = code, ["docId"] = id, ["systemId"] = null, ["acknowledgeResult"] = result, ["errorMessage"] = message });
            }
        }

        return answer;
    }

    private static JsonObject Page(List<JsonObject> items, List<(string Rel, string Href)> links, int size, int number, int total) => new()
    {
        ["links"] = new JsonArray([.. links.Select(l => (JsonNode)new JsonObject { ["rel"] = l.Rel, ["href"] = l.Href, ["hreflang"] = null, ["media"] = null, ["title"] = null, ["type"] = null, ["deprecation"] = null })]),
        ["content"] = new JsonArray([.. items]),
        ["page"] = new JsonObject { ["size"] = size, ["totalElements"] = total, ["totalPages"] = Math.Max(1, (total + size - 1) / size), ["number"] = number },
    };

    private static string Id(JsonObject item) => item["id"]!.GetValue<string>();

    private static string? DocIdOf(JsonObject item)
    {
        var document = item["document"] is JsonValue text ? JsonNode.Parse(text.GetValue<string>()) : item["document"];
        return (document?["report"]?["reportId"] ?? document?["cashAdvanceData"]?["cashAdvanceId"])?.GetValue<string>();
    }

    private static ResponseMessage Json(JsonNode body) => new()
    {
        StatusCode = 200,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
        BodyData = new BodyData { BodyAsString = body.ToJsonString(), DetectedBodyType = BodyType.String },
    };
}
