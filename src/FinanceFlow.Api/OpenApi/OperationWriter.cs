using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FinanceFlow.Api.Http;

namespace FinanceFlow.Api.OpenApi;

/// <summary>One route's OpenAPI operation: what the table declares (who may call, the body) joined with what its description says.</summary>
internal static partial class OperationWriter
{
    private const string ProblemJson = "application/problem+json";

    public static JsonObject Write(ApiRouteGroup group, ApiRoute route, string tag, OperationDescription? description, SchemaCatalog schemas)
    {
        description ??= new OperationDescription(
            Words(route.Name),
            "Not described yet: add its OperationDescription under src/FinanceFlow.Api/OpenApi.")
        {
            Answers = [new ApiAnswer(0, "Success.")],
        };

        var operation = new JsonObject
        {
            ["operationId"] = route.Name,
            ["tags"] = new JsonArray(tag),
            ["summary"] = description.Summary,
            ["description"] = description.Description + "\n\n" + Access(group, route) + " " + BodyText(route.Body),
        };
        if (route.Role is { } role)
        {
            operation["x-financeflow-role"] = role;
        }

        operation["x-financeflow-callers"] = group.Callers.ToString();
        operation["x-financeflow-body"] = new JsonObject
        {
            ["maxBytes"] = route.Body.MaxBytes,
            ["mediaTypes"] = new JsonArray([.. route.Body.MediaTypes.Select(m => (JsonNode)m)]),
            ["optional"] = route.Body.Optional,
        };
        operation["security"] = group.Callers switch
        {
            RouteCallers.RoleHolder => new JsonArray(new JsonObject { [ApiDocument.BearerScheme] = new JsonArray(route.Role) }),
            RouteCallers.SignedSource => new JsonArray(new JsonObject { [ApiDocument.WebhookScheme] = new JsonArray() }),
            _ => new JsonArray(),
        };
        if (Parameters(group, route, description, schemas) is { Count: > 0 } parameters)
        {
            operation["parameters"] = parameters;
        }

        if (route.Body.TakesBody)
        {
            operation["requestBody"] = RequestBody(route.Body, description, schemas);
        }

        operation["responses"] = Responses(group, route, description, schemas);
        return operation;
    }

    private static string Access(ApiRouteGroup group, ApiRoute route) => group.Callers switch
    {
        RouteCallers.RoleHolder => $"Needs a signed-in caller with the role `{route.Role}` (401 without a valid token, 403 without the role).",
        RouteCallers.SignedSource => "No token: the Standard Webhooks signature of the source's secret authenticates the sender (401 when it does not verify).",
        _ => "Anyone may call it.",
    };

    private static string BodyText(BodyPolicy body) => body.TakesBody
        ? $"Takes at most {Size(body.MaxBytes)} of {string.Join(" or ", body.MediaTypes.Select(Described))}{(body.Optional ? ", or no body" : "")}."
        : "Takes no body (413 to one).";

    private static string Described(string mediaType) => mediaType == BodyPolicy.Json ? "application/json (or application/*+json)" : mediaType;

    private static JsonArray Parameters(ApiRouteGroup group, ApiRoute route, OperationDescription description, SchemaCatalog schemas)
    {
        var parameters = new JsonArray();
        foreach (Match match in PathParameter().Matches(group.TemplateOf(ApiRoutes.Root, route)))
        {
            var name = match.Groups["name"].Value;
            var declared = description.Parameters.FirstOrDefault(p => p.In == "path" && p.Name == name)
                ?? ApiParameter.Path(name, OperationDescriptions.PathParameters.GetValueOrDefault(name, "A route value."), ApiSchema.String);
            parameters.Add(Parameter(declared, schemas));
        }

        foreach (var parameter in description.Parameters.Where(p => p.In != "path"))
        {
            parameters.Add(Parameter(parameter, schemas));
        }

        return parameters;
    }

    private static JsonObject Parameter(ApiParameter parameter, SchemaCatalog schemas) => new()
    {
        ["name"] = parameter.Name,
        ["in"] = parameter.In,
        ["description"] = parameter.Description,
        ["required"] = parameter.Required,
        ["schema"] = schemas.SchemaOf(parameter.Schema),
    };

    private static JsonObject RequestBody(BodyPolicy body, OperationDescription description, SchemaCatalog schemas)
    {
        var content = new JsonObject();
        foreach (var mediaType in body.MediaTypes)
        {
            content[mediaType] = mediaType == BodyPolicy.Csv
                ? new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["description"] = description.CsvBody ?? "CSV." } }
                : new JsonObject { ["schema"] = description.Body is { } schema ? schemas.SchemaOf(schema) : new JsonObject() };
        }

        return new JsonObject
        {
            ["description"] = $"At most {Size(body.MaxBytes)} ({body.MaxBytes.ToString(CultureInfo.InvariantCulture)} bytes){(body.TooLargeHint is { } hint ? "; " + hint : "")}.",
            ["required"] = !body.Optional,
            ["content"] = content,
        };
    }

    private static JsonObject Responses(ApiRouteGroup group, ApiRoute route, OperationDescription description, SchemaCatalog schemas)
    {
        var answers = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var answer in description.Answers)
        {
            answers.Add(answer.Status == 0 ? "2XX" : answer.Status.ToString(CultureInfo.InvariantCulture), Answer(answer, schemas));
        }

        foreach (var status in PolicyProblems(group, route).Concat(description.Problems).GroupBy(p => p.Status).OrderBy(g => g.Key))
        {
            answers.Add(status.Key.ToString(CultureInfo.InvariantCulture), Problem(status.Key, [.. status]));
        }

        var responses = new JsonObject();
        foreach (var (status, response) in answers)
        {
            responses[status] = response;
        }

        return responses;
    }

    /// <summary>The problems the route's policy gives before its endpoint runs (the same gate in both hosts).</summary>
    private static IEnumerable<ApiProblem> PolicyProblems(ApiRouteGroup group, ApiRoute route)
    {
        if (group.Callers == RouteCallers.RoleHolder)
        {
            yield return new(401, "unauthenticated", "no valid bearer token (or platform principal) came with the request");
            yield return new(403, "forbidden", $"the caller does not hold the role {route.Role}; the detail names the roles it has");
        }

        yield return new(413, "payload-too-large", route.Body.TakesBody
            ? $"the body is over {Size(route.Body.MaxBytes)}{(route.Body.TooLargeHint is { } hint ? "; " + hint : "")}"
            : "a body was sent to a route that takes none");
        if (route.Body.TakesBody)
        {
            yield return new(415, "unsupported-media-type", $"the body is not {string.Join(" or ", route.Body.MediaTypes)}");
        }
    }

    private static JsonObject Answer(ApiAnswer answer, SchemaCatalog schemas)
    {
        var response = new JsonObject { ["description"] = answer.Description };
        if (answer.Headers.Count > 0)
        {
            var headers = new JsonObject();
            foreach (var (name, text) in answer.Headers.OrderBy(h => h.Key, StringComparer.Ordinal))
            {
                headers[name] = new JsonObject { ["description"] = text, ["schema"] = new JsonObject { ["type"] = "string" } };
            }

            response["headers"] = headers;
        }

        var content = new JsonObject();
        if (answer.Json is { } json)
        {
            content["application/json"] = new JsonObject { ["schema"] = schemas.SchemaOf(json) };
        }

        if (answer.Csv is { } csv)
        {
            content["text/csv"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["description"] = csv } };
        }

        if (content.Count > 0)
        {
            response["content"] = content;
        }

        return response;
    }

    private static JsonObject Problem(int status, IReadOnlyList<ApiProblem> problems)
    {
        var response = new JsonObject
        {
            ["description"] = string.Join(" ", problems.Select(p => $"`{p.Type}`: {p.When}.")),
        };
        if (status == 503)
        {
            response["headers"] = new JsonObject
            {
                ["Retry-After"] = new JsonObject
                {
                    ["description"] = "Whole seconds to wait before sending the request again, when the answer knows (storage-unavailable).",
                    ["schema"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 },
                },
            };
        }

        response["content"] = new JsonObject { [ProblemJson] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/" + ApiDocument.ProblemDetails } } };
        response["x-financeflow-problem-types"] = new JsonArray([.. problems.Select(p => Problems.TypeBase + p.Type).Distinct(StringComparer.Ordinal).Select(t => (JsonNode)t)]);
        return response;
    }

    private static string Size(long bytes) => bytes % (1024 * 1024) == 0
        ? (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MiB"
        : (bytes / 1024).ToString(CultureInfo.InvariantCulture) + " KiB";

    /// <summary>The OpenAPI path of a route template: <c>{id:guid}</c> and <c>{*rest}</c> become <c>{id}</c> and <c>{rest}</c>.</summary>
    public static string PathOf(string template) => "/" + PathParameter().Replace(template, m => "{" + m.Groups["name"].Value + "}");

    /// <summary><c>GetExceptions</c> → <c>Get exceptions</c>.</summary>
    private static string Words(string name) => WordStart().Replace(name, m => " " + m.Value.ToLowerInvariant()).Trim();

    [GeneratedRegex(@"\{\*?(?<name>[A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex PathParameter();

    [GeneratedRegex(@"(?<!^)[A-Z]")]
    private static partial Regex WordStart();
}
