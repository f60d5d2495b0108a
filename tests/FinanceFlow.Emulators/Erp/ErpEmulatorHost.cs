using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.Emulators.Erp;

/// <summary>One request an emulated ERP received (token requests included), for tests to assert field by field.</summary>
public sealed record ErpCall(string Method, string PathAndQuery, string Body, IReadOnlyDictionary<string, string> Headers, ErpFault Fault);

/// <summary>
/// A small ASP.NET Core app on a free loopback port that plays one ERP: an OAuth 2.0 client-credentials token endpoint at
/// <c>/oauth2/token</c>, bearer checks, the <see cref="ErpFaultPlan"/> applied to every other call, and the routes the ERP's
/// emulator maps. Real HTTP, so connectors run with their real handlers, time limits and resilience pipeline.
/// </summary>
public sealed class ErpEmulatorHost : IAsyncDisposable
{
    public const string TokenPath = "/oauth2/token";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ErpCall> _calls = new();
    private int _tokensIssued;

    private ErpEmulatorHost(WebApplication app, ErpFaultPlan faults)
    {
        _app = app;
        Faults = faults;
    }

    /// <summary>The emulator's root, e.g. <c>http://127.0.0.1:5123</c> (no trailing slash).</summary>
    public string Root { get; private set; } = string.Empty;

    public string TokenEndpoint => Root + TokenPath;

    public ErpFaultPlan Faults { get; }

    /// <summary>The client id and secret the token endpoint accepts.</summary>
    public const string ClientId = "financeflow-test";

    public const string ClientSecret = "emulator-secret";

    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    /// <summary>Every call so far, in arrival order.</summary>
    public IReadOnlyList<ErpCall> Calls => [.. _calls];

    /// <summary>Starts an emulator whose ERP routes <paramref name="map"/> adds; <paramref name="error"/> writes the ERP's own error body.</summary>
    public static async Task<ErpEmulatorHost> StartAsync(Action<WebApplication> map, Func<HttpContext, int, string, Task> error)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var host = new ErpEmulatorHost(app, new ErpFaultPlan());
        app.Use((context, next) => host.HandleAsync(context, next, error));
        app.MapPost(TokenPath, host.IssueTokenAsync);
        map(app);
        await app.StartAsync();
        host.Root = app.Urls.First().TrimEnd('/');
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task IssueTokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var secretOk = form["client_id"] == ClientId && form["client_secret"] == ClientSecret;
        var assertionOk = form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" && !string.IsNullOrEmpty(form["client_assertion"]);
        if (form["grant_type"] != "client_credentials" || !(secretOk || assertionOk))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = "invalid_client", error_description = "Unknown client or wrong secret." });
            return;
        }

        var token = "emu-" + Guid.NewGuid().ToString("N");
        _tokens[token] = true;
        Interlocked.Increment(ref _tokensIssued);
        await context.Response.WriteAsJsonAsync(new { access_token = token, token_type = "Bearer", expires_in = 3600 });
    }

    private async Task HandleAsync(HttpContext context, RequestDelegate next, Func<HttpContext, int, string, Task> error)
    {
        context.Request.EnableBuffering();
        var body = await new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true).ReadToEndAsync(context.RequestAborted);
        context.Request.Body.Position = 0;
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var pathAndQuery = context.Request.Path + context.Request.QueryString;
        if (context.Request.Path == TokenPath)
        {
            _calls.Enqueue(new ErpCall(context.Request.Method, pathAndQuery, body, headers, ErpFault.None));
            await next(context);
            return;
        }

        var write = !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method);
        var fault = Faults.Take(write);
        _calls.Enqueue(new ErpCall(context.Request.Method, pathAndQuery, body, headers, fault));
        if (Faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(Faults.Latency, context.RequestAborted);
        }

        var bearer = context.Request.Headers.Authorization.ToString();
        var token = bearer.StartsWith("Bearer ", StringComparison.Ordinal) ? bearer["Bearer ".Length..] : null;
        if (token is null || !_tokens.ContainsKey(token) || fault == ErpFault.Unauthorized)
        {
            if (token is not null)
            {
                _tokens.TryRemove(token, out _);
            }

            await error(context, StatusCodes.Status401Unauthorized, "The access token is missing, invalid or expired.");
            return;
        }

        switch (fault)
        {
            case ErpFault.TooManyRequests:
                context.Response.Headers.RetryAfter = "1";
                await error(context, StatusCodes.Status429TooManyRequests, "Too many requests; try again later.");
                return;
            case ErpFault.ServiceUnavailable:
                await error(context, StatusCodes.Status503ServiceUnavailable, "The service is temporarily unavailable.");
                return;
            case ErpFault.Timeout:
                await Task.Delay(Faults.SlowAnswer, context.RequestAborted);
                await error(context, StatusCodes.Status504GatewayTimeout, "The request timed out.");
                return;
            case ErpFault.LatencySpike:
                await Task.Delay(Faults.Spike, context.RequestAborted);
                break;
            case ErpFault.LoseAnswerAfterWrite:
                // Carry the write out, keep its answer back, then cut the connection.
                var original = context.Response.Body;
                context.Response.Body = new MemoryStream();
                await next(context);
                context.Response.Body = original;
                context.Abort();
                return;
        }

        await next(context);
    }
}
