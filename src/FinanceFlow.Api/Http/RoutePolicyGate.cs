using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Api.Http;

/// <summary>Applies a route's <see cref="BodyPolicy"/> before its endpoint runs, the same way in both hosts: 413 or 415 problem details, or the body admitted.</summary>
public static class RoutePolicyGate
{
    /// <summary>Null when the request may go on to the endpoint (its body is then in <see cref="RequestBody.Of"/>); otherwise the answer.</summary>
    public static async Task<IResult?> AdmitAsync(HttpContext context, RoutePolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        var request = context.Request;
        var body = policy.Body;
        if (request.ContentLength > body.MaxBytes)
        {
            return TooLarge(body);
        }

        var mediaType = RequestBody.MediaType(request);
        var announcesBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (body.TakesBody && (announcesBody || !body.Optional) && !body.Accepts(mediaType))
        {
            return UnsupportedMediaType(body, request.ContentType);
        }

        var bytes = await RequestBody.ReadAsync(request, body.MaxBytes, cancellationToken);
        if (bytes is null)
        {
            return TooLarge(body);
        }

        if (bytes.Length > 0 && !body.Accepts(mediaType))
        {
            return UnsupportedMediaType(body, request.ContentType);
        }

        RequestBody.Admit(context, bytes);
        return null;
    }

    private static IResult TooLarge(BodyPolicy body) =>
        body.TakesBody
            ? Problems.Create(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "Body too large",
                $"This route takes a body of at most {body.MaxBytes} bytes ({Size(body.MaxBytes)}){(body.TooLargeHint is { } hint ? "; " + hint : "")}.")
            : Problems.Create(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "Body not expected", "This route takes no request body; send the request without one.");

    private static IResult UnsupportedMediaType(BodyPolicy body, string? contentType) =>
        Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported content type",
            $"Send {string.Join(" or ", body.MediaTypes)}, not '{contentType ?? "(no content type)"}'.");

    private static string Size(long bytes) => bytes % (1024 * 1024) == 0
        ? (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MiB"
        : (bytes / 1024).ToString(CultureInfo.InvariantCulture) + " KiB";
}
