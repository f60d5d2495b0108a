using FinanceFlow.Core.Mappings;

namespace FinanceFlow.Infrastructure.Mappings;

/// <summary>The rules of one mapping kind as last saved, with the version they are at.</summary>
/// <param name="ConcurrencyToken">Opaque token of the version row read; a save based on a stale one fails.</param>
public sealed record MappingRuleSet(MappingKind Kind, int Version, IReadOnlyList<MappingRule> Rules, string? ConcurrencyToken);

/// <summary>A proposed change as stored, with the token a decision on it must present.</summary>
/// <param name="ConcurrencyToken">Opaque token of the row read; a decision based on a stale one fails.</param>
public sealed record StoredMappingProposal(MappingProposal Proposal, string ConcurrencyToken);

/// <summary>Versioned, effective-dated mapping rules, one partition per kind, and the proposed changes waiting for a second principal.</summary>
public interface IMappingStore
{
    /// <summary>The rules of a kind and its current version (0 and no rules before the first save).</summary>
    Task<MappingRuleSet> LoadAsync(MappingKind kind, CancellationToken cancellationToken);

    /// <summary>The rules of every kind.</summary>
    Task<IReadOnlyList<MappingRule>> LoadAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes the changed rules, moves the kind to <paramref name="newVersion"/> and records <paramref name="approved"/> as approved, the
    /// version row and the proposal in one transaction: a change is in force exactly when its proposal says approved.
    /// </summary>
    /// <exception cref="MappingVersionConflictException">Someone saved the kind, or decided the proposal, since they were read.</exception>
    Task SaveAsync(MappingRuleSet current, IReadOnlyList<MappingRule> changed, int newVersion, StoredMappingProposal approved, CancellationToken cancellationToken);

    /// <summary>Keeps a new proposal (status pending).</summary>
    /// <exception cref="MappingProposalTooLargeException">The proposal does not fit one table row.</exception>
    Task AddProposalAsync(MappingProposal proposal, CancellationToken cancellationToken);

    /// <summary>One proposal of a kind, or null.</summary>
    Task<StoredMappingProposal?> GetProposalAsync(MappingKind kind, string id, CancellationToken cancellationToken);

    /// <summary>Every proposal of a kind, newest first.</summary>
    Task<IReadOnlyList<MappingProposal>> ListProposalsAsync(MappingKind kind, CancellationToken cancellationToken);

    /// <summary>Records a decision other than approval (a rejection) on the proposal as read.</summary>
    /// <exception cref="MappingVersionConflictException">Someone decided the proposal since it was read.</exception>
    Task DecideAsync(StoredMappingProposal decided, CancellationToken cancellationToken);
}

/// <summary>A proposal whose rules do not fit one table row (about 450,000 characters of JSON); split the change.</summary>
public sealed class MappingProposalTooLargeException(int characters, int limit)
    : Exception($"The proposed rules take {characters} characters as JSON; a change can hold at most {limit}.")
{
    public int Characters { get; } = characters;

    public int Limit { get; } = limit;
}

/// <summary>Another change of the same mapping kind was saved first; the caller should reload and try again.</summary>
public sealed class MappingVersionConflictException(MappingKind kind, int expectedVersion, Exception? inner = null)
    : Exception($"The {MappingKinds.NameOf(kind)} mappings changed since version {expectedVersion} was read.", inner)
{
    public MappingKind Kind { get; } = kind;

    public int ExpectedVersion { get; } = expectedVersion;
}
