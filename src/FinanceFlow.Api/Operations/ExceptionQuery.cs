using System.Globalization;
using System.Xml;
using FinanceFlow.Workflows;
using FinanceFlow.Workflows.Operations;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Api.Operations;

/// <summary>
/// The query of <c>GET /api/v1/exceptions</c>: <c>kind</c>, <c>source</c>, <c>entity</c>, <c>olderThan</c> (an ISO 8601 duration such as
/// <c>PT12H</c> or <c>P2D</c>), <c>top</c> (1–500) and <c>continuation</c> (the token of the page before). Every bad value is named.
/// </summary>
internal static class ExceptionQuery
{
    private const int MaxNameLength = 64;

    /// <summary>The filter, or the field errors (one per bad parameter).</summary>
    public static (ExceptionFilter? Filter, IReadOnlyList<ProblemFieldError> Errors) Read(HttpRequest request)
    {
        var query = request.Query;
        var errors = new List<ProblemFieldError>();
        var kind = Text(query, "kind");
        if (kind is not null && !ExceptionQueue.Kinds.Contains(kind, StringComparer.Ordinal))
        {
            errors.Add(new ProblemFieldError("kind", $"kind must be one of {string.Join(", ", ExceptionQueue.Kinds)}, not '{kind}'."));
        }

        var source = Name(query, "source", errors);
        var entity = Name(query, "entity", errors);
        TimeSpan? olderThan = null;
        if (Text(query, "olderThan") is { } ageText)
        {
            if (Duration(ageText) is { } age && age > TimeSpan.Zero)
            {
                olderThan = age;
            }
            else
            {
                errors.Add(new ProblemFieldError("olderThan", $"olderThan must be a positive ISO 8601 duration such as PT12H or P2D, not '{ageText}'."));
            }
        }

        int? top = null;
        if (Text(query, "top") is { } topText)
        {
            if (int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= ExceptionFilter.MaxTop)
            {
                top = n;
            }
            else
            {
                errors.Add(new ProblemFieldError("top", $"top must be a whole number from 1 to {ExceptionFilter.MaxTop}, not '{topText}'."));
            }
        }

        ExceptionCursor? after = null;
        if (Text(query, "continuation") is { } token && (after = ExceptionCursor.FromToken(token)) is null)
        {
            errors.Add(new ProblemFieldError("continuation", "continuation must be the token a page of this queue answered; start again without it."));
        }

        return errors.Count > 0 ? (null, errors) : (new ExceptionFilter(kind, source, entity, olderThan, top, after), errors);
    }

    /// <summary>The next page's URL: this request's path and query with <c>continuation</c> replaced.</summary>
    public static string NextUrl(HttpRequest request, string continuation)
    {
        var rest = request.Query.Where(q => q.Key != "continuation").SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v)));
        var query = QueryString.Create(rest.Append(KeyValuePair.Create("continuation", (string?)continuation)));
        return $"{request.PathBase}{request.Path}{query}";
    }

    private static string? Text(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var value) ? value.ToString() : null;

    private static string? Name(IQueryCollection query, string name, List<ProblemFieldError> errors)
    {
        var value = Text(query, name);
        if (value is not null && (value.Length is 0 or > MaxNameLength || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            errors.Add(new ProblemFieldError(name, $"{name} must be 1 to {MaxNameLength} letters, digits, '-', '_' or '.', not '{value}'."));
            return null;
        }

        return value;
    }

    private static TimeSpan? Duration(string text)
    {
        // XmlConvert reads the xs:duration form of ISO 8601 (P1DT2H, PT30M); years and months have no fixed length and are refused.
        if (text.Length > 32 || !text.StartsWith('P') || text.TrimStart('P').TakeWhile(c => c != 'T').Any(c => c is 'Y' or 'M'))
        {
            return null;
        }

        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            return null;
        }
    }
}
