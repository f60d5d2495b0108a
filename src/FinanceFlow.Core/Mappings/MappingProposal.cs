namespace FinanceFlow.Core.Mappings;

/// <summary>Where a proposed mapping change stands.</summary>
public enum MappingProposalStatus
{
    /// <summary>Waiting for a second principal with the master-data role.</summary>
    Pending,

    /// <summary>Approved and in force from <see cref="MappingProposal.Version"/>.</summary>
    Approved,

    /// <summary>Rejected (or withdrawn by its maker); never in force.</summary>
    Rejected,
}

/// <summary>
/// A mapping change as its maker sent it (<c>PUT /api/v1/mappings/{kind}</c>): it takes effect only when a second principal approves it
/// (maker–checker), and is then applied to the rules in force at that moment.
/// </summary>
public sealed record MappingProposal
{
    public required string Id { get; init; }

    public required MappingKind Kind { get; init; }

    public required MappingProposalStatus Status { get; init; }

    /// <summary>The version of the kind's rules the maker saw.</summary>
    public required int BaseVersion { get; init; }

    /// <summary>The rules as proposed (entity, source, target, effective dates), before versioning.</summary>
    public required IReadOnlyList<MappingRule> Rules { get; init; }

    public required string ProposedBy { get; init; }

    public required DateTimeOffset ProposedAt { get; init; }

    /// <summary>Who approved or rejected it.</summary>
    public string? DecidedBy { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>Why it was rejected, as the checker wrote it.</summary>
    public string? Reason { get; init; }

    /// <summary>The version of the kind's rules its approval made.</summary>
    public int? Version { get; init; }

    /// <summary>True when <paramref name="principal"/> is the maker (names compare without case, as directories do).</summary>
    public bool IsProposedBy(string principal) => string.Equals(ProposedBy.Trim(), principal.Trim(), StringComparison.OrdinalIgnoreCase);
}
