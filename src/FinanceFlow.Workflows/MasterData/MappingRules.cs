using System.Text.Json;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Mappings;

namespace FinanceFlow.Workflows.MasterData;

/// <summary>What <c>GET /api/v1/mappings/{kind}</c> answers.</summary>
public sealed record MappingList(string Kind, int Version, IReadOnlyList<MappingRule> Rules);

/// <summary>What a successful <c>PUT /api/v1/mappings/{kind}</c> answers: the new version and every rule it wrote.</summary>
public sealed record MappingChangeAnswer(string Kind, int Version, IReadOnlyList<MappingRule> Changed);

/// <summary>The audit detail of one changed rule.</summary>
public sealed record MappingAuditDetail(MappingRule? Before, MappingRule After);

/// <summary>Reads and changes governed, versioned mapping rules; every changed rule gets an audit row naming the caller.</summary>
public sealed class MappingRules(IMappingStore store, IMasterDataSource source, IAuditTrail audit, TimeProvider time)
{
    /// <summary>A mapping change is a short list of rules; 1 MiB is far above any real one.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public const string ChangedStep = AuditSteps.MappingChanged;

    /// <summary>The rules of one kind; <paramref name="entity"/> (empty for all) and <paramref name="at"/> (the version in force that day) narrow them.</summary>
    public async Task<MappingList> ListAsync(MappingKind parsed, string entity, DateOnly? at, CancellationToken cancellationToken)
    {
        var set = await store.LoadAsync(parsed, cancellationToken);
        var rules = set.Rules
            .Where(r => entity.Length == 0 || string.Equals(r.Entity, entity, StringComparison.OrdinalIgnoreCase))
            .Where(r => at is null || r.AppliesOn(at.Value))
            .OrderBy(r => r.Entity, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Source, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.EffectiveFrom)
            .ToList();
        return new MappingList(MappingKinds.NameOf(parsed), set.Version, rules);
    }

    /// <summary>Saves the rules of <paramref name="body"/> as the next version, closing the ones they supersede, or says why not.</summary>
    public async Task<Answer<MappingChangeAnswer>> ChangeAsync(MappingKind parsed, byte[] body, string actor, string correlationId, CancellationToken cancellationToken)
    {
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
            return Refusal.Conflict("mapping-version-conflict", "Mappings changed meanwhile", $"Another change of the {name} mappings was saved after version {current.Version} was read; read them again and resend.");
        }

        source.Invalidate();
        var hash = Sha256.Hex(body);
        foreach (var changed in change.Changes)
        {
            var detail = JsonSerializer.Serialize(new MappingAuditDetail(changed.Before, changed.After), FinanceFlowJson.Options);
            await audit.AppendAsync(
                new AuditRecord(new ReportKey(AuditPartitions.Mappings, name), version, now, ChangedStep, changed.Before is null ? AuditOutcomes.Added : AuditOutcomes.Superseded, actor, correlationId, hash, detail),
                cancellationToken);
        }

        return new MappingChangeAnswer(name, version, change.Accepted);
    }

    private static Refusal Invalid(string kind, IReadOnlyList<MappingError> errors) =>
        Refusal.Invalid(
            "invalid-mapping",
            $"The {kind} mapping change was refused",
            $"{errors.Count} problem(s); nothing was saved.",
            [.. errors.Select(e => new ProblemFieldError(e.Pointer, e.Detail) { Field = e.Field.Length > 0 ? e.Field : null })]);
}
