using System.Globalization;
using FinanceFlow.Api.Http;
using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Workflows;
using FinanceFlow.Workflows.MasterData;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FinanceFlow.Api.MasterData;

/// <summary>Governed, versioned mapping rules: read them as of a day, change them as a new version.</summary>
public static class MappingEndpoints
{
    /// <summary><c>GET /api/v1/mappings/{kind}[?entity=&amp;at=yyyy-MM-dd]</c>.</summary>
    public static async Task<IResult> GetAsync(HttpRequest request, string kind, [FromServices] MappingRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rules);
        if (!MappingKinds.TryParse(kind, out var parsed))
        {
            return UnknownKind(kind);
        }

        DateOnly? at = null;
        if (request.Query["at"].ToString() is { Length: > 0 } atText)
        {
            if (!DateOnly.TryParseExact(atText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return Problems.InvalidQuery(new ProblemFieldError("at", $"at must be a date yyyy-MM-dd, not '{atText}'."));
            }

            at = date;
        }

        return Results.Json(await rules.ListAsync(parsed, request.Query["entity"].ToString(), at, cancellationToken), FinanceFlowJson.Options);
    }

    /// <summary><c>PUT /api/v1/mappings/{kind}</c> with <c>{"rules":[…]}</c>: a new version, audited with the caller.</summary>
    public static async Task<IResult> PutAsync(HttpRequest request, string kind, [FromServices] MappingRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rules);
        return MappingKinds.TryParse(kind, out var parsed)
            ? (await rules.ChangeAsync(parsed, RequestBody.Of(request), CallerIdentity.Of(request), request.HttpContext.TraceIdentifier, cancellationToken)).ToResult()
            : UnknownKind(kind);
    }

    private static IResult UnknownKind(string kind) =>
        Problems.Create(StatusCodes.Status404NotFound, "unknown-kind", "Unknown mapping kind", $"There is no mapping kind '{kind}'. Known kinds: {string.Join(", ", MappingKinds.Names)}.");
}
