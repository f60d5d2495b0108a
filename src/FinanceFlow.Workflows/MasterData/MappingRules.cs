using System.Globalization;
using System.Text.Json;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Security;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Mappings;

namespace FinanceFlow.Workflows.MasterData;

/// <summary>What <c>GET /api/v1/mappings/{kind}</c> answers.</summary>
public sealed record MappingList(string Kind, int Version, IReadOnlyList<MappingRule> Rules);

/// <summary>What a mapping change answers: when proposed (<c>PUT</c>, 202), decided (approve, reject) or read.</summary>
/// <param name="Changed">The rules the approval wrote (new ones and the ones they closed); empty until approved.</param>
public sealed record MappingChangeAnswer(
    string Kind,
    string ChangeId,
    MappingProposalStatus Status,
    int BaseVersion,
    IReadOnlyList<MappingRule> Rules,
    string ProposedBy,
    DateTimeOffset ProposedAt,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? Reason,
    int? Version,
    IReadOnlyList<MappingRule> Changed)
{
    public static MappingChangeAnswer Of(MappingProposal proposal, IReadOnlyList<MappingRule>? changed = null)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return new(
            MappingKinds.NameOf(proposal.Kind), proposal.Id, proposal.Status, proposal.BaseVersion, proposal.Rules, proposal.ProposedBy, proposal.ProposedAt,
            proposal.DecidedBy, proposal.DecidedAt, proposal.Reason, proposal.Version, changed ?? []);
    }
}

/// <summary>The proposals of one kind (<c>GET /api/v1/mappings/{kind}/changes</c>), newest first.</summary>
public sealed record MappingChangeList(string Kind, IReadOnlyList<MappingChangeAnswer> Changes);

/// <summary>The audit detail of one changed rule: before, after, and the two principals.</summary>
public sealed record MappingAuditDetail(MappingRule? Before, MappingRule After, string ChangeId, string ProposedBy, string ApprovedBy);

/// <summary>
/// Reads and changes governed, versioned mapping rules under maker–checker: a change is proposed by one principal and takes effect
/// only when a second principal with the master-data role approves it. Every proposal, decision and changed rule gets an audit row naming
/// the principals.
/// </summary>
public sealed class MappingRules(IMappingStore store, IMasterDataSource source, IAuditTrail audit, TimeProvider time)
{
    /// <summary>A mapping change is a short list of rules; 1 MiB is far above any real one.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>A rejection's body, <c>{"reason": "…"}</c>.</summary>
    public const int MaxDecisionBodyBytes = 16 * 1024;

    /// <summary>The longest rejection reason kept.</summary>
    public const int MaxReasonLength = 2000;

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

    /// <summary>
    /// Checks the rules of <paramref name="body"/> against what is in force now and keeps them as a pending proposal of <paramref name="maker"/>;
    /// nothing changes until a second principal approves it.
    /// </summary>
    public async Task<Answer<MappingChangeAnswer>> ProposeAsync(MappingKind parsed, byte[] body, string maker, string correlationId, CancellationToken cancellationToken)
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

        // Checked now so the maker hears of a mistake at once; checked again, against the rules then in force, on approval.
        source.Invalidate();
        var master = await source.GetMasterDataAsync(cancellationToken);
        var current = await store.LoadAsync(parsed, cancellationToken);
        var now = time.GetUtcNow();
        var check = MappingChanges.Apply(current.Rules, parsedBody.Rules, current.Version + 1, maker, now, master);
        if (!check.IsValid)
        {
            return Invalid(name, check.Errors);
        }

        var proposal = new MappingProposal
        {
            Id = Guid.NewGuid().ToString("N"),
            Kind = parsed,
            Status = MappingProposalStatus.Pending,
            BaseVersion = current.Version,
            Rules = [.. parsedBody.Rules.Select(r => r with { ChangedBy = maker, ChangedAt = now })],
            ProposedBy = maker,
            ProposedAt = now,
        };
        try
        {
            await store.AddProposalAsync(proposal, cancellationToken);
        }
        catch (MappingProposalTooLargeException ex)
        {
            return Invalid(name, [new MappingError("/rules", "rules", $"{ex.Message} Split the change into smaller ones.")]);
        }

        var detail = JsonSerializer.Serialize(new { changeId = proposal.Id, rules = proposal.Rules.Count, baseVersion = current.Version }, FinanceFlowJson.Options);
        await Append(name, current.Version, now, AuditSteps.MappingProposed, AuditOutcomes.Proposed, maker, correlationId, Sha256.Hex(body), detail, cancellationToken);
        return MappingChangeAnswer.Of(proposal);
    }

    /// <summary>The proposals of a kind, newest first; <paramref name="status"/> narrows them.</summary>
    public async Task<MappingChangeList> ListChangesAsync(MappingKind parsed, MappingProposalStatus? status, CancellationToken cancellationToken)
    {
        var proposals = await store.ListProposalsAsync(parsed, cancellationToken);
        return new MappingChangeList(
            MappingKinds.NameOf(parsed),
            [.. proposals.Where(p => status is null || p.Status == status).Select(p => MappingChangeAnswer.Of(p))]);
    }

    /// <summary>One proposal, or 404.</summary>
    public async Task<Answer<MappingChangeAnswer>> GetChangeAsync(MappingKind parsed, string changeId, CancellationToken cancellationToken) =>
        await FindAsync(parsed, changeId, cancellationToken) is { } stored ? MappingChangeAnswer.Of(stored.Proposal) : UnknownChange(parsed, changeId);

    /// <summary>
    /// Puts a pending proposal in force as the kind's next version, applied to the rules in force now, if <paramref name="checker"/> is not its maker.
    /// </summary>
    public async Task<Answer<MappingChangeAnswer>> ApproveAsync(MappingKind parsed, string changeId, string checker, string correlationId, CancellationToken cancellationToken)
    {
        var name = MappingKinds.NameOf(parsed);
        var stored = await FindAsync(parsed, changeId, cancellationToken);
        if (stored is null)
        {
            return UnknownChange(parsed, changeId);
        }

        var proposal = stored.Proposal;
        if (Decided(proposal) is { } decided)
        {
            return decided;
        }

        if (proposal.IsProposedBy(checker))
        {
            return new Refusal(
                RefusalKind.Forbidden,
                "maker-cannot-approve",
                "The maker of a change cannot approve it",
                $"{proposal.ProposedBy} proposed {name} change {proposal.Id}; another principal with role {FinanceFlowRoles.MasterData} must approve it.");
        }

        source.Invalidate();
        var master = await source.GetMasterDataAsync(cancellationToken);
        var current = await store.LoadAsync(parsed, cancellationToken);
        var now = time.GetUtcNow();
        var version = current.Version + 1;
        var change = MappingChanges.Apply(current.Rules, proposal.Rules, version, proposal.ProposedBy, now, master);
        if (!change.IsValid)
        {
            return new Refusal(
                RefusalKind.Conflict,
                "mapping-change-stale",
                "The change no longer applies",
                $"Since {proposal.ProposedBy} proposed {name} change {proposal.Id} on version {proposal.BaseVersion}, the rules (now version {current.Version}) or master data changed so that it no longer fits; reject it and propose it again. It stays pending.",
                [.. change.Errors.Select(e => new ProblemFieldError(e.Pointer, e.Detail) { Field = e.Field.Length > 0 ? e.Field : null })]);
        }

        var accepted = change.Accepted.Select(r => r with { ApprovedBy = checker }).ToList();
        var approved = proposal with { Status = MappingProposalStatus.Approved, DecidedBy = checker, DecidedAt = now, Version = version };
        try
        {
            await store.SaveAsync(current, accepted, version, stored with { Proposal = approved }, cancellationToken);
        }
        catch (MappingVersionConflictException)
        {
            return await FindAsync(parsed, changeId, cancellationToken) is { Proposal: var again } && Decided(again) is { } meanwhile
                ? meanwhile
                : Refusal.Conflict("mapping-version-conflict", "Mappings changed meanwhile", $"Another change of the {name} mappings was saved after version {current.Version} was read; approve again.");
        }

        source.Invalidate();
        foreach (var changed in change.Changes)
        {
            var detail = JsonSerializer.Serialize(
                new MappingAuditDetail(changed.Before, changed.After with { ApprovedBy = checker }, proposal.Id, proposal.ProposedBy, checker), FinanceFlowJson.Options);
            await Append(name, version, now, ChangedStep, changed.Before is null ? AuditOutcomes.Added : AuditOutcomes.Superseded, checker, correlationId, proposal.Id, detail, cancellationToken);
        }

        return MappingChangeAnswer.Of(approved, accepted);
    }

    /// <summary>Rejects a pending proposal (its maker may withdraw it this way); <paramref name="body"/> may give <c>{"reason": "…"}</c>.</summary>
    public async Task<Answer<MappingChangeAnswer>> RejectAsync(MappingKind parsed, string changeId, byte[] body, string checker, string correlationId, CancellationToken cancellationToken)
    {
        var name = MappingKinds.NameOf(parsed);
        var read = ReadReason(body);
        if (read.Refusal is { } badBody)
        {
            return badBody;
        }

        var reason = read.Value;
        var stored = await FindAsync(parsed, changeId, cancellationToken);
        if (stored is null)
        {
            return UnknownChange(parsed, changeId);
        }

        if (Decided(stored.Proposal) is { } decided)
        {
            return decided;
        }

        var now = time.GetUtcNow();
        var rejected = stored.Proposal with { Status = MappingProposalStatus.Rejected, DecidedBy = checker, DecidedAt = now, Reason = reason?.Length > 0 ? reason : null };
        try
        {
            await store.DecideAsync(stored with { Proposal = rejected }, cancellationToken);
        }
        catch (MappingVersionConflictException)
        {
            return await FindAsync(parsed, changeId, cancellationToken) is { Proposal: var again } && Decided(again) is { } meanwhile
                ? meanwhile
                : Refusal.Conflict("mapping-change-conflict", "The change moved meanwhile", $"{name} change {changeId} changed while it was being rejected; read it and try again.");
        }

        var detail = JsonSerializer.Serialize(new { changeId, proposedBy = rejected.ProposedBy, rejectedBy = checker, reason = rejected.Reason }, FinanceFlowJson.Options);
        await Append(name, rejected.BaseVersion, now, AuditSteps.MappingRejected, AuditOutcomes.Rejected, checker, correlationId, changeId, detail, cancellationToken);
        return MappingChangeAnswer.Of(rejected);
    }

    private async Task<StoredMappingProposal?> FindAsync(MappingKind parsed, string changeId, CancellationToken cancellationToken) =>
        IsChangeId(changeId) ? await store.GetProposalAsync(parsed, changeId, cancellationToken) : null;

    private Task Append(string kind, int version, DateTimeOffset at, string step, string outcome, string actor, string correlationId, string input, string detail, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditRecord(new ReportKey(AuditPartitions.Mappings, kind), version, at, step, outcome, actor, correlationId, input, detail), cancellationToken);

    /// <summary>Change ids are 32 lower-case hex digits, as <see cref="ProposeAsync"/> makes them.</summary>
    private static bool IsChangeId(string changeId) => changeId.Length == 32 && changeId.All(char.IsAsciiHexDigitLower);

    private static Refusal? Decided(MappingProposal proposal) => proposal.Status == MappingProposalStatus.Pending
        ? null
        : Refusal.Conflict(
            "mapping-change-decided",
            "The change was already decided",
            $"{MappingKinds.NameOf(proposal.Kind)} change {proposal.Id} was {proposal.Status.ToString().ToLowerInvariant()} by {proposal.DecidedBy} on {proposal.DecidedAt:u}"
                + (proposal.Version is { } v ? $" (version {v.ToString(CultureInfo.InvariantCulture)})." : "."));

    private static Refusal UnknownChange(MappingKind parsed, string changeId) =>
        Refusal.NotFound("unknown-mapping-change", "Unknown mapping change", $"There is no {MappingKinds.NameOf(parsed)} change '{changeId}'.");

    private static Answer<string> ReadReason(byte[] body)
    {
        if (body.Length == 0)
        {
            return string.Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return BadReason("The body must be an object: {\"reason\": \"…\"}.");
            }

            if (!document.RootElement.TryGetProperty("reason", out var reason) || reason.ValueKind == JsonValueKind.Null)
            {
                return string.Empty;
            }

            return reason.ValueKind != JsonValueKind.String
                ? BadReason("reason must be a string.")
                : reason.GetString()!.Trim() is { Length: > MaxReasonLength } tooLong
                    ? BadReason($"reason holds {tooLong.Length} characters; at most {MaxReasonLength}.")
                    : reason.GetString()!.Trim();
        }
        catch (JsonException)
        {
            return BadReason("The body is not valid JSON.");
        }

        static Refusal BadReason(string detail) =>
            Refusal.Invalid("invalid-decision", "The decision cannot be read", detail, [new ProblemFieldError("/reason", detail) { Field = "reason" }]);
    }

    private static Refusal Invalid(string kind, IReadOnlyList<MappingError> errors) =>
        Refusal.Invalid(
            "invalid-mapping",
            $"The {kind} mapping change was refused",
            $"{errors.Count} problem(s); nothing was saved.",
            [.. errors.Select(e => new ProblemFieldError(e.Pointer, e.Detail) { Field = e.Field.Length > 0 ? e.Field : null })]);
}
