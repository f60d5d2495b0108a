using FinanceFlow.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FinanceFlow.Api.FinanceConsole;

/// <summary>
/// The finance console's handler, the same in both hosts: <c>GET …/console/{*path}</c> answers one of <see cref="ConsoleFiles"/> with its
/// content type, ETag and the console's security headers; a bare <c>…/console</c> is sent to <c>…/console/</c> (so the page's relative
/// links resolve under either host's base); any other path is 404. The route and why it is anonymous: <see cref="ApiRoutes.ConsoleRoute"/>.
/// </summary>
public static class ConsoleEndpoint
{
    /// <summary>The route template: below the root in the self-host, below the <c>api</c> route prefix in the Functions app.</summary>
    public const string Template = "console/{*path}";

    /// <summary>The longest path looked up; every file name is far shorter.</summary>
    private const int MaxPathLength = 256;

    /// <summary>Maps <see cref="ApiRoutes.ConsoleRoute"/> in the self-host, under its declared policy.</summary>
    public static IEndpointRouteBuilder MapFinanceConsole(this IEndpointRouteBuilder app)
    {
        var route = ApiRoutes.ConsoleRoute;
        app.MapMethods("/" + route.Pattern, [route.Method], route.Endpoint)
            .WithName(route.Name)
            .WithMetadata(ApiRoutes.ConsolePolicy)
            .AddEndpointFilter<RoutePolicyFilter>()
            .AllowAnonymous();
        return app;
    }

    /// <summary>The answer to <c>GET …/console/{path}</c>; <paramref name="path"/> is the route's catch-all value (null or empty for the console's root).</summary>
    public static IResult Serve(HttpRequest request, string? path)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(path))
        {
            var here = (request.PathBase + request.Path).Value ?? string.Empty;
            return here.EndsWith('/')
                ? new ConsoleFileResult(ConsoleFiles.Find(ConsoleFiles.IndexName)!)
                : new ConsoleHeadersResult(Results.Redirect(here + "/" + request.QueryString, permanent: true));
        }

        // Only exact file names are served, so "..", "." or an encoded separator can name nothing; refusing them first says so plainly.
        var file = path.Length <= MaxPathLength && !IsTraversal(path) ? ConsoleFiles.Find(path) : null;
        return file is null
            ? new ConsoleHeadersResult(Problems.Create(StatusCodes.Status404NotFound, "console-file-not-found", "Not found", "The console has no such file."))
            : new ConsoleFileResult(file);
    }

    private static bool IsTraversal(string path) =>
        path.Contains('\\', StringComparison.Ordinal)
        || path.Contains('%', StringComparison.Ordinal)
        || path.Contains(':', StringComparison.Ordinal)
        || path.Split('/').Any(segment => segment is "" or "." or "..");
}
