using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Api.Http;

/// <summary>
/// The request body as the route's <see cref="BodyPolicy"/> admitted it. <see cref="RoutePolicyGate"/> is the only reader of a
/// request stream: it reads up to the route's limit, whether or not the client sent a Content-Length, and keeps the bytes here.
/// </summary>
public static class RequestBody
{
    /// <summary>The admitted body; empty when the route took none.</summary>
    /// <exception cref="InvalidOperationException">The request did not pass through the route's policy gate.</exception>
    public static byte[] Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.Features.Get<AdmittedBody>()?.Bytes
            ?? throw new InvalidOperationException($"The body of {request.Method} {request.Path} was read before its route policy admitted it; map the route through ApiRoutes.");
    }

    /// <summary>The media type without parameters, lower-case; empty when none was sent.</summary>
    public static string MediaType(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
    }

    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/>; never reads more than one chunk past the limit.</summary>
    internal static async Task<byte[]?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[Math.Min(81920, maxBytes + 1)];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    internal static void Admit(HttpContext context, byte[] bytes) => context.Features.Set(new AdmittedBody(bytes));

    private sealed record AdmittedBody(byte[] Bytes);
}
