using System.Text.Json.Nodes;
using FinanceFlow.Api.Http;
using FinanceFlow.Api.OpenApi;
using FinanceFlow.Core.Security;
using FinanceFlow.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace FinanceFlow.Api.Tests.OpenApi;

/// <summary>The OpenAPI document built from the route table: the checked-in docs/openapi.json, every route in it with its policy, valid OpenAPI 3.1.</summary>
public sealed class OpenApiDocumentTests
{
    /// <summary>Set to 1 to write the built document to docs/openapi.json instead of comparing (see docs/http-api.md).</summary>
    public const string UpdateVariable = "UPDATE_OPENAPI";

    public const string Regenerate = "UPDATE_OPENAPI=1 dotnet test tests/FinanceFlow.Api.Tests -c Release --filter FullyQualifiedName~OpenApiDocumentTests";

    public static string CheckedInPath => Path.Combine(RepoPaths.Root, "docs", "openapi.json");

    private static readonly JsonObject Document = JsonNode.Parse(ApiDocument.Json)!.AsObject();

    [Fact]
    public void Json_IsTheCheckedInDocument()
    {
        // Arrange
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(CheckedInPath, ApiDocument.Json);
        }

        // Act
        var checkedIn = File.Exists(CheckedInPath) ? File.ReadAllText(CheckedInPath) : "(missing)";

        // Assert
        Assert.True(checkedIn == ApiDocument.Json, $"docs/openapi.json is not the document the API serves (a route or its description changed). Regenerate it: {Regenerate}");
    }

    [Fact]
    public void Json_IsOpenApi31_AndTheSameOnEveryBuild()
    {
        Assert.StartsWith("3.1.", Document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(ApiDocument.Json, ApiDocument.Write(ApiDocument.Build(ApiRoutes.Groups)));
        Assert.EndsWith("}\n", ApiDocument.Json, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", ApiDocument.Json, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryRoute_IsAnOperation_WithItsMethodRoleAndBodyPolicy()
    {
        var routes = ApiRoutes.Groups.SelectMany(g => g.Routes.Select(r => (Group: g, Route: r))).ToList();

        foreach (var (group, route) in routes)
        {
            var operation = Operation(group, route);
            Assert.True(operation is not null, $"{route.Method} /{group.TemplateOf(ApiRoutes.Root, route)} ({route.Name}) is missing from the OpenAPI document");
            Assert.Equal(route.Name, operation["operationId"]!.GetValue<string>());
            Assert.Equal(route.Body.MaxBytes, operation["x-financeflow-body"]!["maxBytes"]!.GetValue<long>());
            Assert.Equal(route.Body.TakesBody, operation["requestBody"] is not null);
            Assert.NotNull(operation["responses"]!["413"]);
            if (group.Callers == RouteCallers.RoleHolder)
            {
                Assert.Equal(route.Role, operation["x-financeflow-role"]!.GetValue<string>());
                Assert.Equal(route.Role, operation["security"]![0]![ApiDocument.BearerScheme]![0]!.GetValue<string>());
                Assert.Contains(route.Role!, operation["description"]!.GetValue<string>(), StringComparison.Ordinal);
                Assert.Equal(Problems.TypeBase + "unauthenticated", operation["responses"]!["401"]!["x-financeflow-problem-types"]![0]!.GetValue<string>());
                Assert.Equal(Problems.TypeBase + "forbidden", operation["responses"]!["403"]!["x-financeflow-problem-types"]![0]!.GetValue<string>());
            }
            else
            {
                Assert.NotNull(operation["security"]![0]![ApiDocument.WebhookScheme]);
                Assert.NotNull(operation["responses"]!["401"]);
            }
        }

        var operations = Document["paths"]!.AsObject().Sum(p => p.Value!.AsObject().Count);
        Assert.Equal(routes.Count, operations);
    }

    [Fact]
    public void EveryRoute_HasADescription()
    {
        var undescribed = ApiRoutes.Groups.SelectMany(g => g.Routes).Select(r => r.Name).Where(n => OperationDescriptions.Of(n) is null).ToList();

        Assert.True(undescribed.Count == 0,
            $"No OpenAPI description for {string.Join(", ", undescribed)}: add one under src/FinanceFlow.Api/OpenApi (summary, parameters, body, answers, problems), then {Regenerate}");
    }

    [Fact]
    public void Build_RouteAddedToTheTable_AppearsWithItsPolicyEvenUndescribed()
    {
        // Arrange
        var added = new ApiRouteGroup("widgets", RouteCallers.RoleHolder,
            [new ApiRoute("ListWidgets", "GET", "{entity}/{widgetId:int}", FinanceFlowRoles.Operator, BodyPolicy.None, () => Results.Ok())]);

        // Act
        var document = ApiDocument.Build([.. ApiRoutes.Groups, added]);

        // Assert
        var operation = document["paths"]!["/api/v1/widgets/{entity}/{widgetId}"]!["get"]!;
        Assert.Equal("List widgets", operation["summary"]!.GetValue<string>());
        Assert.Equal(FinanceFlowRoles.Operator, operation["x-financeflow-role"]!.GetValue<string>());
        Assert.Equal(["entity", "widgetId"], operation["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.NotNull(operation["responses"]!["401"]);
        Assert.NotNull(operation["responses"]!["403"]);
        Assert.NotNull(operation["responses"]!["2XX"]);
    }

    [Fact]
    public void Json_ReadByTheOpenApiReader_HasNoErrorsAndEveryOperation()
    {
        // Act
        var read = OpenApiDocument.Parse(ApiDocument.Json, "json");
        var document = read.Document!;
        var validation = document.Validate(ValidationRuleSet.GetDefaultRuleSet());

        // Assert
        Assert.Equal([], read.Diagnostic!.Errors.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Equal([], validation.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, read.Diagnostic.SpecificationVersion);
        Assert.Equal(ApiRoutes.Groups.Sum(g => g.Routes.Count), document.Paths.Sum(p => p.Value.Operations?.Count ?? 0));
    }

    [Fact]
    public void Json_EveryReferenceResolves()
    {
        var references = new List<string>();
        Collect(Document, references);

        var unresolved = references.Distinct().Where(r => Resolve(r) is null).ToList();

        Assert.NotEmpty(references);
        Assert.Equal([], unresolved);
    }

    private static JsonNode? Operation(ApiRouteGroup group, ApiRoute route) =>
        Document["paths"]![OperationPath(group, route)]?[route.Method.ToLowerInvariant()];

    private static string OperationPath(ApiRouteGroup group, ApiRoute route) => "/" + group.TemplateOf(ApiRoutes.Root, route);

    private static void Collect(JsonNode? node, List<string> references)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (key == "$ref")
                    {
                        references.Add(child!.GetValue<string>());
                    }
                    else
                    {
                        Collect(child, references);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, references);
                }

                break;
        }
    }

    private static JsonNode? Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        JsonNode? node = Document;
        foreach (var part in reference[2..].Split('/'))
        {
            node = node is JsonObject obj ? obj[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)] : null;
        }

        return node;
    }
}
