using System.Diagnostics.CodeAnalysis;

namespace FinanceFlow.Api.OpenApi;

/// <summary>
/// What the route table (<see cref="ApiRoutes"/>) does not say about a route, for its OpenAPI operation: what it is for, its query and
/// headers, the schema of its body, what it answers, and the problems its endpoint can give besides those its policy gives (401, 403,
/// 413, 415).
/// </summary>
public sealed record OperationDescription(string Summary, string Description)
{
    /// <summary>Query and header parameters, and path parameters that need more than the shared description (<see cref="ApiParameter.Path"/>).</summary>
    public IReadOnlyList<ApiParameter> Parameters { get; init; } = [];

    /// <summary>The JSON body's schema, when the route takes one.</summary>
    public ApiSchema? Body { get; init; }

    /// <summary>What a <c>text/csv</c> body holds, when the route takes one.</summary>
    public string? CsvBody { get; init; }

    public IReadOnlyList<ApiAnswer> Answers { get; init; } = [];

    public IReadOnlyList<ApiProblem> Problems { get; init; } = [];
}

/// <summary>A parameter of an operation: where it goes, its name, what it means and its schema.</summary>
public sealed record ApiParameter(string In, string Name, string Description, ApiSchema Schema, bool Required = false)
{
    public static ApiParameter Query(string name, string description, ApiSchema schema) => new("query", name, description, schema);

    public static ApiParameter Header(string name, string description, bool required = false) => new("header", name, description, ApiSchema.String, required);

    public static ApiParameter Path(string name, string description, ApiSchema schema) => new("path", name, description, schema, Required: true);
}

/// <summary>A successful answer: its status, what it means, its JSON body (none when null) and the headers it carries.</summary>
public sealed record ApiAnswer(int Status, string Description, ApiSchema? Json = null)
{
    /// <summary>Header name → what it holds.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>What the answer holds as <c>text/csv</c>, when the caller can ask for that.</summary>
    public string? Csv { get; init; }
}

/// <summary>A problem-details answer an endpoint can give: its status, the last part of its <c>type</c> URI, and when it comes.</summary>
public sealed record ApiProblem(int Status, string Type, string When);

/// <summary>A JSON Schema: a .NET type as FinanceFlow writes it (a component of the document), or a literal schema.</summary>
public sealed record ApiSchema(Type? Type, string? Literal)
{
    public static ApiSchema String { get; } = Json("""{"type":"string"}""");

    public static ApiSchema Boolean { get; } = Json("""{"type":"boolean"}""");

    public static ApiSchema Of<T>() => new(typeof(T), null);

    public static ApiSchema Json([StringSyntax(StringSyntaxAttribute.Json)] string schema) => new(null, schema);

    /// <summary>A string that is one of <paramref name="values"/>.</summary>
    public static ApiSchema OneOf(IEnumerable<string> values) =>
        Json(System.Text.Json.JsonSerializer.Serialize(new { type = "string", @enum = values.ToArray() }));

    /// <summary>A reference to a schema the document names in <c>components/schemas</c>.</summary>
    public static ApiSchema Component(string name) => Json($$"""{"$ref":"#/components/schemas/{{name}}"}""");
}
