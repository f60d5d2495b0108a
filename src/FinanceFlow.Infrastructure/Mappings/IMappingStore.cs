using FinanceFlow.Core.Mappings;

namespace FinanceFlow.Infrastructure.Mappings;

/// <summary>The rules of one mapping kind as last saved, with the version they are at.</summary>
/// <param name="ConcurrencyToken">Opaque token of the version row read; a save based on a stale one fails.</param>
public sealed record MappingRuleSet(MappingKind Kind, int Version, IReadOnlyList<MappingRule> Rules, string? ConcurrencyToken);

/// <summary>Versioned, effective-dated mapping rules, one partition per kind.</summary>
public interface IMappingStore
{
    /// <summary>The rules of a kind and its current version (0 and no rules before the first save).</summary>
    Task<MappingRuleSet> LoadAsync(MappingKind kind, CancellationToken cancellationToken);

    /// <summary>The rules of every kind.</summary>
    Task<IReadOnlyList<MappingRule>> LoadAllAsync(CancellationToken cancellationToken);

    /// <summary>Writes the changed rules and moves the kind to <paramref name="newVersion"/>.</summary>
    /// <exception cref="MappingVersionConflictException">Someone saved the kind since <paramref name="current"/> was read.</exception>
    Task SaveAsync(MappingRuleSet current, IReadOnlyList<MappingRule> changed, int newVersion, CancellationToken cancellationToken);
}

/// <summary>Another change of the same mapping kind was saved first; the caller should reload and try again.</summary>
public sealed class MappingVersionConflictException(MappingKind kind, int expectedVersion, Exception? inner = null)
    : Exception($"The {MappingKinds.NameOf(kind)} mappings changed since version {expectedVersion} was read.", inner)
{
    public MappingKind Kind { get; } = kind;

    public int ExpectedVersion { get; } = expectedVersion;
}
