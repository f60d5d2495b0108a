namespace FinanceFlow.Core.Mappings;

/// <summary>All mapping rules, indexed by kind, entity and source; resolves the rule effective on a date.</summary>
public sealed class MappingSnapshot
{
    private readonly Dictionary<(MappingKind Kind, string Entity, string Source), MappingRule[]> _rules;

    public MappingSnapshot(IEnumerable<MappingRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = [.. rules];
        _rules = Rules
            .GroupBy(r => (r.Kind, r.Entity.ToUpperInvariant(), r.Source.ToUpperInvariant()))
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.EffectiveFrom).ToArray());
    }

    public static MappingSnapshot Empty { get; } = new([]);

    public IReadOnlyList<MappingRule> Rules { get; }

    /// <summary>The rule for the source value effective on <paramref name="date"/>, or null when none applies.</summary>
    public MappingRule? Resolve(MappingKind kind, string entity, string source, DateOnly date)
    {
        if (!_rules.TryGetValue((kind, entity.ToUpperInvariant(), source.ToUpperInvariant()), out var timeline))
        {
            return null;
        }

        for (var i = timeline.Length - 1; i >= 0; i--)
        {
            if (timeline[i].AppliesOn(date))
            {
                return timeline[i];
            }
        }

        return null;
    }
}
