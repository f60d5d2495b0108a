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

    /// <summary>
    /// <c>PUT /api/v1/mappings/{kind}</c> with <c>{"rules":[…]}</c>: a proposed change (202, <c>Location</c> the change), in force once a
    /// second principal approves it.
    /// </summary>
    public static async Task<IResult> PutAsync(HttpRequest request, string kind, [FromServices] MappingRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rules);
        if (!MappingKinds.TryParse(kind, out var parsed))
        {
            return UnknownKind(kind);
        }

        var answer = await rules.ProposeAsync(parsed, RequestBody.Of(request), CallerIdentity.Of(request), request.HttpContext.TraceIdentifier, cancellationToken);
        if (answer.Value is { } proposed)
        {
            request.HttpContext.Response.Headers.Location = ChangeUri(proposed.Kind, proposed.ChangeId);
        }

        return answer.ToResult(StatusCodes.Status202Accepted);
    }

    /// <summary><c>GET /api/v1/mappings/{kind}/changes[?status=Pending|Approved|Rejected]</c>: the proposed changes, newest first.</summary>
    public static async Task<IResult> ListChangesAsync(HttpRequest request, string kind, [FromServices] MappingRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rules);
        if (!MappingKinds.TryParse(kind, out var parsed))
        {
            return UnknownKind(kind);
        }

        MappingProposalStatus? status = null;
        if (request.Query["status"].ToString() is { Length: > 0 } statusText)
        {
            if (!Enum.TryParse<MappingProposalStatus>(statusText, ignoreCase: true, out var parsedStatus) || !Enum.IsDefined(parsedStatus) || statusText.Any(char.IsDigit))
            {
                return Problems.InvalidQuery(new ProblemFieldError("status", $"status must be one of {string.Join(", ", Enum.GetNames<MappingProposalStatus>())}, not '{statusText}'."));
            }

            status = parsedStatus;
        }

        return Results.Json(await rules.ListChangesAsync(parsed, status, cancellationToken), FinanceFlowJson.Options);
    }

    /// <summary><c>GET /api/v1/mappings/{kind}/changes/{changeId}</c>.</summary>
    public static async Task<IResult> GetChangeAsync(string kind, string changeId, [FromServices] MappingRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return MappingKinds.TryParse(kind, out var parsed)
            ? (await rules.GetChangeAsync(parsed, changeId, cancellationToken)).ToResult()
            : UnknownKind(kind);
    }

    /// <summary><c>POST /api/v1/mappings/{kind}/changes/{changeId}/approve</c>: a second principal puts the change in force (the maker: 403).</summary>
    public static async Task<IResult> ApproveAsync(HttpRequest request, string kind, string changeId, [FromServices] MappingRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rules);
        return MappingKinds.TryParse(kind, out var parsed)
            ? (await rules.ApproveAsync(parsed, changeId, CallerIdentity.Of(request), request.HttpContext.TraceIdentifier, cancellationToken)).ToResult()
            : UnknownKind(kind);
    }

    /// <summary><c>POST /api/v1/mappings/{kind}/changes/{changeId}/reject</c>, optionally with <c>{"reason": "…"}</c>: the change never takes effect.</summary>
    public static async Task<IResult> RejectAsync(HttpRequest request, string kind, string changeId, [FromServices] MappingRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rules);
        return MappingKinds.TryParse(kind, out var parsed)
            ? (await rules.RejectAsync(parsed, changeId, RequestBody.Of(request), CallerIdentity.Of(request), request.HttpContext.TraceIdentifier, cancellationToken)).ToResult()
            : UnknownKind(kind);
    }

    /// <summary>The path of one proposed change.</summary>
    public static string ChangeUri(string kind, string changeId) => $"{ApiRoutes.Root}/mappings/{kind}/changes/{changeId}";

    private static IResult UnknownKind(string kind) =>
        Problems.Create(StatusCodes.Status404NotFound, "unknown-kind", "Unknown mapping kind", $"There is no mapping kind '{kind}'. Known kinds: {string.Join(", ", MappingKinds.Names)}.");
}
