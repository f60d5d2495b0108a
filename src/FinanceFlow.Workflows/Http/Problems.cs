using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Workflows.Http;

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

/// <summary>RFC 9457 <c>application/problem+json</c> answers with a stable type URI per kind of problem.</summary>
public static class Problems
{
    /// <summary>Prefix of every problem <c>type</c> URI.</summary>
    public const string TypeBase = "https://financeflow.dev/problems/";

    public static IResult Create(int status, string type, string title, string detail, IReadOnlyList<ProblemFieldError>? errors = null)
    {
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (errors is { Count: > 0 })
        {
            extensions["errors"] = errors;
        }

        return Results.Problem(detail: detail, statusCode: status, title: title, type: TypeBase + type, extensions: extensions);
    }
}
