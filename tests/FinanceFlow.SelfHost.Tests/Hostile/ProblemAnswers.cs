using System.Text.Json;
using FinanceFlow.Api.Http;

namespace FinanceFlow.SelfHost.Tests.Hostile;

/// <summary>What an acceptable answer to a hostile body looks like: a 2xx, or a 4xx problem+json naming what is wrong, never a 5xx.</summary>
public static class ProblemAnswers
{
    /// <summary>Most field errors one problem lists; one more entry says how many were left out.</summary>
    public const int MaxListedErrors = 100;

    public static async Task<Outcome> JudgeAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsByteArrayAsync();
        if (status is >= 200 and < 300)
        {
            return new Outcome(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        string type;
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            type = root.TryGetProperty("type", out var t) && t.GetString() is { } text ? text.Replace(Problems.TypeBase, "", StringComparison.Ordinal) : "(no type)";
            var answer = $"{status} {type}";
            if (status is < 400 or >= 500)
            {
                return new Outcome(answer, $"answered {status} {type}: {Short(root.GetRawText())}");
            }

            if (mediaType != "application/problem+json" || !root.TryGetProperty("title", out _) || !root.TryGetProperty("status", out var s) || s.GetInt32() != status)
            {
                return new Outcome(answer, $"{status} is not problem details ({mediaType}): {Short(root.GetRawText())}");
            }

            return CheckErrors(root, answer, status);
        }
        catch (JsonException)
        {
            return new Outcome($"{status} (not JSON)", $"answered {status} {mediaType} that is not JSON: {Short(System.Text.Encoding.UTF8.GetString(body))}");
        }
    }

    private static Outcome CheckErrors(JsonElement root, string answer, int status)
    {
        if (!root.TryGetProperty("errors", out var errors))
        {
            // A 400 is about the body: it must say where.
            return status == 400 ? new Outcome(answer, $"400 without an errors list naming the field: {Short(root.GetRawText())}") : new Outcome(answer);
        }

        if (errors.ValueKind != JsonValueKind.Array || errors.GetArrayLength() == 0)
        {
            return new Outcome(answer, $"errors is not a non-empty array: {Short(errors.GetRawText())}");
        }

        if (errors.GetArrayLength() > MaxListedErrors + 1)
        {
            return new Outcome(answer, $"lists {errors.GetArrayLength()} errors; at most {MaxListedErrors} and a count of the rest");
        }

        foreach (var error in errors.EnumerateArray())
        {
            if (error.ValueKind != JsonValueKind.Object
                || !error.TryGetProperty("pointer", out var pointer) || pointer.ValueKind != JsonValueKind.String
                || !error.TryGetProperty("detail", out var detail) || detail.GetString() is not { Length: > 0 })
            {
                return new Outcome(answer, $"an error without pointer and detail: {Short(error.GetRawText())}");
            }
        }

        return new Outcome(answer);
    }

    private static string Short(string text) => text.Length <= 400 ? text : text[..400] + "…";
}
