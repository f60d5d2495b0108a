using System.Text.Json.Serialization;

namespace FinanceFlow.Workflows;

/// <summary>What kind of "no" a use case answers; the HTTP layer maps each to its status code.</summary>
public enum RefusalKind
{
    /// <summary>The request itself is wrong (400).</summary>
    Invalid,

    /// <summary>The caller holds the role but may not do this to what it names, e.g. approve their own change (403).</summary>
    Forbidden,

    /// <summary>What the request names does not exist (404).</summary>
    NotFound,

    /// <summary>The state of what it names does not allow it now (409).</summary>
    Conflict,

    /// <summary>A system FinanceFlow depends on is down or not configured; the caller may try again later (503).</summary>
    Unavailable,

    /// <summary>A system FinanceFlow called refused the request (502).</summary>
    UpstreamRefused,
}

/// <summary>
/// Why a use case did not do what it was asked, in words finance ops can act on: a stable <paramref name="Type"/> (the last part
/// of the problem type URI), a title, a detail and the fields at fault.
/// </summary>
public sealed record Refusal(RefusalKind Kind, string Type, string Title, string Detail, IReadOnlyList<ProblemFieldError>? Errors = null)
{
    /// <summary>Prefix of every problem <c>type</c> URI.</summary>
    public const string TypeBase = "https://financeflow.dev/problems/";

    /// <summary>When the caller may try again, sent as <c>Retry-After</c>; set on <see cref="RefusalKind.Unavailable"/> answers that know it.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static Refusal NotFound(string type, string title, string detail) => new(RefusalKind.NotFound, type, title, detail);

    public static Refusal Conflict(string type, string title, string detail) => new(RefusalKind.Conflict, type, title, detail);

    public static Refusal Invalid(string type, string title, string detail, IReadOnlyList<ProblemFieldError>? errors = null) => new(RefusalKind.Invalid, type, title, detail, errors);

    /// <summary>A dependency is down for now: 503 with <c>Retry-After</c>.</summary>
    public static Refusal Unavailable(string type, string title, string detail, TimeSpan retryAfter) => new(RefusalKind.Unavailable, type, title, detail) { RetryAfter = retryAfter };
}

/// <summary>A field that failed validation, as an RFC 9457 problem-details error entry.</summary>
public sealed record ProblemFieldError(string Pointer, string Detail)
{
    /// <summary>The field name, where the pointer alone does not name it (a CSV line).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Field { get; init; }

    /// <summary>The 1-based line of a CSV body the error is on.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Line { get; init; }
}
