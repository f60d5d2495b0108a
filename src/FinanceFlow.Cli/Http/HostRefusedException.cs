namespace FinanceFlow.Cli.Http;

/// <summary>The host answered 401 or 403 to a route the command needs: nothing the command does next can succeed.</summary>
public sealed class HostRefusedException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>The refusal as one message: the route, the host's problem details, and what to do about it.</summary>
    public static HostRefusedException From(HttpMethod method, Uri uri, int statusCode, string body, HostAccess access)
    {
        ArgumentNullException.ThrowIfNull(access);
        var problem = ProblemText.Of(body);
        var said = string.IsNullOrWhiteSpace(problem) ? string.Empty : $": {problem}";
        return new HostRefusedException(
            statusCode,
            $"the host answered {statusCode} to {method} {uri.AbsolutePath}{said}{Environment.NewLine}{access.Advice(statusCode)}");
    }

    /// <summary>True for the answers a token decides: 401 (no or bad token) and 403 (a role missing).</summary>
    public static bool IsRefusal(int statusCode) => statusCode is 401 or 403;
}
