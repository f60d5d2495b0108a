using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using FinanceFlow.Api.Http;
using FinanceFlow.Core.Intake;
using FinanceFlow.Workflows;

namespace FinanceFlow.Api.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document of every <c>/api/v1</c> route: built from the route table (<see cref="ApiRoutes.Groups"/>: method, path, role,
/// body policy) and each route's <see cref="OperationDescription"/>. The same build writes the same bytes (no time, stable order), so
/// <c>docs/openapi.json</c> is compared with it byte for byte.
/// </summary>
public static class ApiDocument
{
    /// <summary>Where the self-host serves it.</summary>
    public const string Route = "/openapi/v1.json";

    public const string ProblemDetails = nameof(ProblemDetails);
    public const string BearerScheme = "bearer";
    public const string WebhookScheme = "standardWebhooks";

    private static readonly Lazy<string> Written = new(() => Write(Build(ApiRoutes.Groups)));

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        // Descriptions quote JSON and paths; the document is served as application/json, never inside HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The document as served and checked in: indented JSON, <c>\n</c> line ends, a final newline.</summary>
    public static string Json => Written.Value;

    /// <summary>The document of the routes in <paramref name="groups"/> under <see cref="ApiRoutes.Root"/>.</summary>
    public static JsonObject Build(IReadOnlyList<ApiRouteGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var schemas = new SchemaCatalog();
        AddProblemSchemas(schemas);
        AddCanonicalReport(schemas);
        var paths = new JsonObject();
        var tags = new List<string>();
        foreach (var group in groups)
        {
            var tag = group.Prefix.Trim('/') is { Length: > 0 } prefix ? prefix : "operations";
            if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }

            foreach (var route in group.Routes)
            {
                var path = OperationWriter.PathOf(group.TemplateOf(ApiRoutes.Root, route));
                if (paths[path] is not JsonObject item)
                {
                    paths[path] = item = [];
                }

                item[route.Method.ToLowerInvariant()] = OperationWriter.Write(group, route, tag, OperationDescriptions.Of(route.Name), schemas);
            }
        }

        var components = new JsonObject();
        foreach (var (name, schema) in schemas.Components)
        {
            components[name] = schema.DeepClone();
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "FinanceFlow API",
                ["version"] = "1",
                ["summary"] = "Approved expense reports to the ERP ledger: intake, reports, master data, mappings, exceptions and reconciliation.",
                ["description"] = "Every /api/v1 route of FinanceFlow, served alike by the self-host and the Functions app (there under its `api` route prefix, "
                    + "so the paths are the same). Each operation names the role it needs (`x-financeflow-role`) and the body it takes "
                    + "(`x-financeflow-body`). Every problem is RFC 9457 `application/problem+json` whose `type` is " + Problems.TypeBase + "{kind}; "
                    + "each response lists its kinds in `x-financeflow-problem-types`. The self-host serves this document at " + Route + "; "
                    + "docs/http-api.md tells the rest.",
            },
            ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)new JsonObject { ["name"] = t })]),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = components,
                ["securitySchemes"] = SecuritySchemes(),
            },
        };
    }

    /// <summary><paramref name="document"/> as indented JSON with <c>\n</c> line ends and a final newline.</summary>
    public static string Write(JsonNode document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.ToJsonString(WriteOptions) + "\n";
    }

    private static JsonObject SecuritySchemes() => new()
    {
        [BearerScheme] = new JsonObject
        {
            ["type"] = "http",
            ["scheme"] = "bearer",
            ["bearerFormat"] = "JWT",
            ["description"] = "A Microsoft Entra ID access token, or locally a development token (`financeflow token --role … --name …`). The token's `roles` "
                + "claim carries FinanceFlow's app roles; each operation lists the role it needs in its security requirement and in `x-financeflow-role`. "
                + "In Azure, App Service authentication validates the token, and these routes also need a function key (`?code=` or `x-functions-key`).",
        },
        [WebhookScheme] = new JsonObject
        {
            ["type"] = "apiKey",
            ["in"] = "header",
            ["name"] = StandardWebhook.SignatureHeader,
            ["description"] = "Standard Webhooks: `webhook-signature: v1,<base64 HMAC-SHA256 of \"{webhook-id}.{webhook-timestamp}.{body}\">`, keyed with "
                + "the base64 part of the source's `whsec_` secret (FinanceFlow__Sources__{source}__WebhookSecret), with the `webhook-id` and "
                + "`webhook-timestamp` headers. Not a key to send as is: a signature of each delivery.",
        },
    };

    private static void AddProblemSchemas(SchemaCatalog schemas)
    {
        schemas.Add(ProblemDetails, JsonNode.Parse($$"""
            {
              "type": "object",
              "description": "RFC 9457 problem details (application/problem+json). `type` is stable per kind of problem; `errors` names each field at fault.",
              "required": ["type", "title", "status", "detail"],
              "properties": {
                "type": {"type": "string", "format": "uri", "description": "{{Problems.TypeBase}}{kind}, one per kind of problem."},
                "title": {"type": "string", "description": "A short summary of the kind of problem."},
                "status": {"type": "integer", "description": "The HTTP status code."},
                "detail": {"type": "string", "description": "What went wrong this time, in words finance ops can act on."},
                "instance": {"type": "string"},
                "traceId": {"type": "string", "description": "The request's trace id, for the logs."},
                "errors": {
                  "type": "array",
                  "maxItems": {{FieldErrors.MaxListed + 1}},
                  "description": "The fields at fault: at most the first {{FieldErrors.MaxListed}}, then one entry with an empty pointer counting the rest.",
                  "items": {"$ref": "#/components/schemas/ProblemFieldError"}
                }
              }
            }
            """)!);
        schemas.Add(nameof(ProblemFieldError), JsonNode.Parse("""
            {
              "type": "object",
              "required": ["pointer", "detail"],
              "properties": {
                "pointer": {"type": "string", "description": "A JSON pointer into the body (empty for the whole body), or the name of a query parameter."},
                "detail": {"type": "string", "description": "What is wrong with it."},
                "field": {"type": "string", "description": "The field's name, where the pointer alone does not name it (a CSV line)."},
                "line": {"type": "integer", "description": "The 1-based line of a CSV body."}
              }
            }
            """)!, typeof(ProblemFieldError));
    }

    /// <summary>docs/schemas/canonical-expense-report.schema.json, as Core embeds it; its <c>$defs</c> become components of their own.</summary>
    private static void AddCanonicalReport(SchemaCatalog schemas)
    {
        const string name = "CanonicalExpenseReport";
        using var stream = typeof(CanonicalReportParser).Assembly.GetManifestResourceStream(CanonicalReportParser.SchemaResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {CanonicalReportParser.SchemaResourceName} is missing from FinanceFlow.Core.");
        var schema = JsonNode.Parse(stream)!.AsObject();
        var text = schema.ToJsonString().Replace("\"#/$defs/", "\"#/components/schemas/" + name + ".", StringComparison.Ordinal);
        schema = JsonNode.Parse(text)!.AsObject();
        schema.Remove("$schema");
        schema.Remove("$id");
        if (schema["$defs"] is JsonObject defs)
        {
            schema.Remove("$defs");
            foreach (var (key, def) in defs.ToList())
            {
                schemas.Add(name + "." + key, def!.DeepClone());
            }
        }

        schemas.Add(name, schema);
    }
}
