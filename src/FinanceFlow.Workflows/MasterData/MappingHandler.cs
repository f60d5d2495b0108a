using System.Globalization;
using System.Text.Json;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Mappings;
using FinanceFlow.Workflows.Http;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Workflows.MasterData;

/// <summary>What <c>GET /api/v1/mappings/{kind}</c> answers.</summary>
public sealed record MappingList(string Kind, int Version, IReadOnlyList<MappingRule> Rules);

/// <summary>What a successful <c>PUT /api/v1/mappings/{kind}</c> answers: the new version and every rule it wrote.</summary>
public sealed record MappingChangeAnswer(string Kind, int Version, IReadOnlyList<MappingRule> Changed);

/// <summary>The audit detail of one changed rule.</summary>
public sealed record MappingAuditDetail(MappingRule? Before, MappingRule After);

/// <summary>Reads and changes governed, versioned mapping rules; every changed rule gets an audit row naming the caller.</summary>
public sealed class MappingHandler(IMappingStore store, IMasterDataSource source, IAuditTrail audit, TimeProvider time)
{
    /// <summary>A mapping change is a short list of rules; 1 MiB is far above any real one.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>The audit "source" mapping changes are filed under, with the kind's route name as id.</summary>
    public const string AuditSource = "mappings";

    public const string ChangedStep = "MappingChanged";

    public async Task<IResult> GetAsync(HttpRequest request, string kind, CancellationToken cancellationToken)
    {
        if (!MappingKinds.TryParse(kind, out var parsed))
        {
            return UnknownKind(kind);
        }

        DateOnly? at = null;
        if (request.Query["at"].ToString() is { Length: > 0 } atText)
        {
            if (!DateOnly.TryParseExact(atText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "invalid-query", "Invalid query", "at must be a date yyyy-MM-dd.", [new ProblemFieldError("at", $"'{atText}' is not a date yyyy-MM-dd")]);
            }

            at = date;
        }

        var entity = request.Query["entity"].ToString();
        var set = await store.LoadAsync(parsed, cancellationToken);
        var rules = set.Rules
            .Where(r => entity.Length == 0 || string.Equals(r.Entity, entity, StringComparison.OrdinalIgnoreCase))
            .Where(r => at is null || r.AppliesOn(at.Value))
            .OrderBy(r => r.Entity, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Source, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.EffectiveFrom)
            .ToList();
        return Results.Json(new MappingList(MappingKinds.NameOf(parsed), set.Version, rules), FinanceFlowJson.Options);
    }

    public async Task<IResult> PutAsync(HttpRequest request, string kind, CancellationToken cancellationToken)
    {
        if (!MappingKinds.TryParse(kind, out var parsed))
        {
            return UnknownKind(kind);
        }

        if (!RequestBody.IsJson(request))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported content type", $"Send application/json, not '{request.ContentType}'.");
        }

        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "Body too large", $"A mapping change may be at most {MaxBodyBytes} bytes (1 MiB).");
        }

        var name = MappingKinds.NameOf(parsed);
        var parsedBody = MappingRequest.Parse(parsed, body);
        if (parsedBody.Errors.Count == 0 && parsedBody.Rules.Count == 0)
        {
            return Invalid(name, [new MappingError("/rules", "rules", "lists no rule")]);
        }

        if (parsedBody.Errors.Count > 0)
        {
            return Invalid(name, parsedBody.Errors);
        }

        // Validate against what the store holds now, not against a snapshot up to CacheSeconds old.
        source.Invalidate();
        var master = await source.GetMasterDataAsync(cancellationToken);
        var current = await store.LoadAsync(parsed, cancellationToken);
        var actor = CallerIdentity.Of(request);
        var now = time.GetUtcNow();
        var version = current.Version + 1;
        var change = MappingChanges.Apply(current.Rules, parsedBody.Rules, version, actor, now, master);
        if (!change.IsValid)
        {
            return Invalid(name, change.Errors);
        }

        try
        {
            await store.SaveAsync(current, change.Accepted, version, cancellationToken);
        }
        catch (MappingVersionConflictException)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "mapping-version-conflict", "Mappings changed meanwhile", $"Another change of the {name} mappings was saved after version {current.Version} was read; read them again and resend.");
        }

        source.Invalidate();
        var hash = Sha256.Hex(body);
        foreach (var changed in change.Changes)
        {
            var detail = JsonSerializer.Serialize(new MappingAuditDetail(changed.Before, changed.After), FinanceFlowJson.Options);
            await audit.AppendAsync(
                new AuditRecord(new ReportKey(AuditSource, name), version, now, ChangedStep, changed.Before is null ? "Added" : "Superseded", actor, request.HttpContext.TraceIdentifier, hash, detail),
                cancellationToken);
        }

        return Results.Json(new MappingChangeAnswer(name, version, change.Accepted), FinanceFlowJson.Options);
    }

    private static IResult Invalid(string kind, IReadOnlyList<MappingError> errors) =>
        Problems.Create(
            StatusCodes.Status400BadRequest,
            "invalid-mapping",
            $"The {kind} mapping change was refused",
            $"{errors.Count} problem(s); nothing was saved.",
            [.. errors.Select(e => new ProblemFieldError(e.Pointer, e.Detail) { Field = e.Field.Length > 0 ? e.Field : null })]);

    private static IResult UnknownKind(string kind) =>
        Problems.Create(StatusCodes.Status404NotFound, "unknown-kind", "Unknown mapping kind", $"There is no mapping kind '{kind}'. Known kinds: {string.Join(", ", MappingKinds.Names)}.");
}
