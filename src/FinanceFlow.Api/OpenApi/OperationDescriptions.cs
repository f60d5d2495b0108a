namespace FinanceFlow.Api.OpenApi;

/// <summary>The OpenAPI description of every route of <see cref="ApiRoutes"/>, by route name. A route added there without one still appears in the document, described by its policy alone, and a test names it.</summary>
public static class OperationDescriptions
{
    private static readonly Dictionary<string, OperationDescription> ByRoute = ReportOperations.All()
        .Concat(MasterDataOperations.All())
        .Concat(OperationsOperations.All())
        .ToDictionary(d => d.Route, d => d.Description, StringComparer.Ordinal);

    /// <summary>What a path parameter means when its operation does not say more.</summary>
    internal static IReadOnlyDictionary<string, string> PathParameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["source"] = "The expense source, e.g. canonical, concur or expensify (any case).",
        ["reportId"] = "The report's id at its source.",
        ["entity"] = "The legal entity (company code).",
        ["kind"] = "The kind.",
    };

    /// <summary>The names of the routes that have a description.</summary>
    public static IReadOnlyCollection<string> Described => ByRoute.Keys;

    /// <summary>The description of <paramref name="routeName"/>, or null when it has none yet.</summary>
    public static OperationDescription? Of(string routeName) => ByRoute.GetValueOrDefault(routeName);
}
