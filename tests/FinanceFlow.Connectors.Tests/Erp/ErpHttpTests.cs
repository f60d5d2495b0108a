using System.Net;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Emulators.Erp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Connectors.Tests.Erp;

/// <summary>The failure classification every ERP connector shares, over real HTTP against the emulator host.</summary>
public sealed class ErpHttpTests : IAsyncLifetime
{
    private ErpEmulatorHost _erp = null!;
    private HttpClient _http = null!;
    private ClientCredentialsTokenSource _tokens = null!;
    private int _written;

    public async Task InitializeAsync()
    {
        _erp = await ErpEmulatorHost.StartAsync(
            app =>
            {
                app.MapGet("/things", () => Results.Json(new { value = Array.Empty<string>() }));
                app.MapPost("/things", () =>
                {
                    Interlocked.Increment(ref _written);
                    return Results.Json(new { id = "1" }, statusCode: 201);
                });
                app.MapPost("/refused", () => Results.Json(new { error = new { code = "Application_FieldValidationException", message = "Account 9999 does not exist." } }, statusCode: 400));
            },
            (context, status, message) =>
            {
                context.Response.StatusCode = status;
                return context.Response.WriteAsJsonAsync(new { error = new { code = "Emulated", message } });
            });
        _http = new HttpClient { BaseAddress = ErpEndpoint.BaseAddress(_erp.Root), Timeout = TimeSpan.FromSeconds(2) };
        _tokens = new ClientCredentialsTokenSource(
            _http, new Uri(_erp.TokenEndpoint), ClientCredentialsTokenSource.ClientSecret(ErpEmulatorHost.ClientId, ErpEmulatorHost.ClientSecret, "api"), "Test ERP", TimeProvider.System);
        _erp.Faults.SlowAnswer = TimeSpan.FromSeconds(5);
    }

    public async Task DisposeAsync()
    {
        _tokens.Dispose();
        _http.Dispose();
        await _erp.DisposeAsync();
    }

    [Fact]
    public async Task ReadAsync_TwoCalls_OneTokenForBoth()
    {
        using var first = await Http().ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, "things"), CancellationToken.None);
        using var second = await Http().ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, "things"), CancellationToken.None);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal(1, _erp.TokensIssued);
        Assert.All(_erp.Calls.Where(c => c.PathAndQuery == "/things"), c => Assert.StartsWith("Bearer emu-", c.Headers["Authorization"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteAsync_TokenExpiredOnce_RenewsItAndWritesOnce()
    {
        using var warm = await Http().ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, "things"), CancellationToken.None);
        _erp.Faults.Next(ErpFault.Unauthorized);

        using var response = await Http().WriteAsync(() => new HttpRequestMessage(HttpMethod.Post, "things"), CancellationToken.None);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal((2, 1), (_erp.TokensIssued, _written));
    }

    [Fact]
    public async Task WriteAsync_RefusedTwice_AuthenticationErrorNamingTheErp()
    {
        _erp.Faults.Next(ErpFault.Unauthorized, 2);

        var ex = await Assert.ThrowsAsync<ErpAuthenticationException>(() => Http().WriteAsync(() => new HttpRequestMessage(HttpMethod.Post, "things"), CancellationToken.None));

        Assert.Contains("Test ERP refused FinanceFlow's credentials", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _written);
    }

    [Fact]
    public async Task WriteAsync_Throttled_NotSentSoRetryableAndSaysWhenToRetry()
    {
        _erp.Faults.Next(ErpFault.TooManyRequests);

        var ex = await Assert.ThrowsAsync<ErpUnavailableException>(() => Http().WriteAsync(() => new HttpRequestMessage(HttpMethod.Post, "things"), CancellationToken.None));

        Assert.Contains("429", ex.Message, StringComparison.Ordinal);
        Assert.Contains("retry after 1 s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_ServerError_OutcomeUnknownNeverNotSent()
    {
        _erp.Faults.Next(ErpFault.ServiceUnavailable);

        var ex = await Assert.ThrowsAsync<ErpOutcomeUnknownException>(() => Http().WriteAsync(() => new HttpRequestMessage(HttpMethod.Post, "things"), CancellationToken.None));

        Assert.Contains("may have been written", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ServerError_Unavailable()
    {
        _erp.Faults.Next(ErpFault.ServiceUnavailable);

        await Assert.ThrowsAsync<ErpUnavailableException>(() => Http().ReadAsync(() => new HttpRequestMessage(HttpMethod.Get, "things"), CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_AnswerLostAfterTheWrite_OutcomeUnknownAndTheWriteHappened()
    {
        _erp.Faults.Next(ErpFault.LoseAnswerAfterWrite);

        await Assert.ThrowsAsync<ErpOutcomeUnknownException>(() => Http().WriteAsync(() => new HttpRequestMessage(HttpMethod.Post, "things"), CancellationToken.None));

        Assert.Equal(1, _written);
    }

    [Fact]
    public async Task WriteAsync_NoAnswerInTime_OutcomeUnknown()
    {
        _erp.Faults.Next(ErpFault.Timeout);

        var ex = await Assert.ThrowsAsync<ErpOutcomeUnknownException>(() => Http().WriteAsync(() => new HttpRequestMessage(HttpMethod.Post, "things"), CancellationToken.None));

        Assert.Contains("within 2 s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_NothingListening_NotSent()
    {
        using var nowhere = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:9/"), Timeout = TimeSpan.FromSeconds(2) };

        await Assert.ThrowsAsync<ErpUnavailableException>(() => new ErpHttp(nowhere, null, "Test ERP").WriteAsync(() => new HttpRequestMessage(HttpMethod.Post, "things"), CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_BusinessRejection_ReturnedForTheConnectorToRead()
    {
        using var response = await Http().WriteAsync(() => new HttpRequestMessage(HttpMethod.Post, "refused"), CancellationToken.None);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Account 9999 does not exist.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private ErpHttp Http() => new(_http, _tokens, "Test ERP");
}
