using System.Globalization;
using System.Net;
using System.Text.Json;

namespace FinanceFlow.Connectors.Expensify;

/// <summary>Turns Expensify's answers into results or exceptions: it reports failures as HTTP 200 with a <c>responseCode</c> in the body.</summary>
internal static class ExpensifyAnswers
{
    /// <summary>Throws for an HTTP status that is not a success, before the body is looked at.</summary>
    public static void ThrowIfHttpFailed(HttpStatusCode status, string job)
    {
        if ((int)status is >= 200 and < 300)
        {
            return;
        }

        Throw((int)status, $"HTTP {(int)status} {status}", job);
    }

    /// <summary>Reads <c>responseCode</c> and <c>responseMessage</c> when the body is a JSON object carrying them.</summary>
    public static bool TryReadStatus(string body, out int code, out string? message, out JsonDocument? document)
    {
        code = 0;
        message = null;
        document = null;
        if (!body.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return false;
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("responseCode", out var codeElement) || !codeElement.TryGetInt32(out code))
        {
            document.Dispose();
            document = null;
            return false;
        }

        message = root.TryGetProperty("responseMessage", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        return true;
    }

    /// <summary>Maps a failure code to its exception: credentials → configuration, 5xx/429 → unavailable, the rest → request.</summary>
    public static void Throw(int code, string? message, string job)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"Expensify {job} answered {code}: {message ?? "(no message)"}");
        if (code is 401 or 403 || IsAuthorizationMessage(message))
        {
            throw new ExpensifyConfigurationException(text + ". Check the partner credentials and their access to the policies.", code);
        }

        if (code is 408 or 429 or >= 500)
        {
            throw new ExpensifyUnavailableException(text, code);
        }

        throw new ExpensifyRequestException(text, code);
    }

    // Expensify also answers authorization problems with 500 (reference: reportCreator-response-error.json,
    // "Not authorized to authenticate as user ..."): retrying that would never succeed.
    private static bool IsAuthorizationMessage(string? message) =>
        message is not null
        && (message.Contains("not authorized", StringComparison.OrdinalIgnoreCase)
            || message.Contains("authentication", StringComparison.OrdinalIgnoreCase));
}
