using FinanceFlow.Core.Intake;
using FinanceFlow.Workflows;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Api.Http;

/// <summary>RFC 9457 <c>application/problem+json</c> answers with a stable type URI per kind of problem.</summary>
public static class Problems
{
    /// <summary>Prefix of every problem <c>type</c> URI.</summary>
    public const string TypeBase = Refusal.TypeBase;

    /// <summary>A problem; of <paramref name="errors"/> the first <see cref="FieldErrors.MaxListed"/> are listed and one more entry counts the rest.</summary>
    public static IResult Create(int status, string type, string title, string detail, IReadOnlyList<ProblemFieldError>? errors = null)
    {
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (errors is { Count: > 0 })
        {
            extensions["errors"] = errors.Count <= FieldErrors.MaxListed
                ? errors
                : [.. errors.Take(FieldErrors.MaxListed), new ProblemFieldError("", FieldErrors.MoreMessage(errors.Count - FieldErrors.MaxListed))];
        }

        return Results.Problem(detail: detail, statusCode: status, title: title, type: TypeBase + type, extensions: extensions);
    }

    /// <summary>400 <c>invalid-query</c>: the query parameters at fault, each named with what is wrong.</summary>
    public static IResult InvalidQuery(params ProblemFieldError[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return Create(StatusCodes.Status400BadRequest, "invalid-query", "Invalid query", string.Join(" ", errors.Select(e => e.Detail)), errors);
    }

    /// <summary>A use case's refusal as problem details, with <c>Retry-After</c> when the refusal says when to try again.</summary>
    public static IResult From(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var problem = Create(StatusOf(refusal.Kind), refusal.Type, refusal.Title, refusal.Detail, refusal.Errors);
        return refusal.RetryAfter is { } wait ? new RetryAfterResult(problem, wait) : problem;
    }

    /// <summary>The status code each kind of refusal is answered with.</summary>
    public static int StatusOf(RefusalKind kind) => kind switch
    {
        RefusalKind.Invalid => StatusCodes.Status400BadRequest,
        RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        RefusalKind.Conflict => StatusCodes.Status409Conflict,
        RefusalKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        RefusalKind.UpstreamRefused => StatusCodes.Status502BadGateway,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>A use case's answer: its value as JSON (200, or <paramref name="status"/>), or its refusal as problem details.</summary>
    public static IResult ToResult<T>(this Answer<T> answer, int status = StatusCodes.Status200OK)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Refusal is { } refusal ? From(refusal) : Results.Json(answer.Value, Core.Serialization.FinanceFlowJson.Options, statusCode: status);
    }
}
