using System.Globalization;

namespace FinanceFlow.Core.Mappings;

/// <summary>One effective-dated mapping: in <see cref="Entity"/>, <see cref="Source"/> maps to <see cref="Target"/> from <see cref="EffectiveFrom"/> through <see cref="EffectiveTo"/>.</summary>
public sealed record MappingRule
{
    public required MappingKind Kind { get; init; }

    /// <summary>The legal entity the rule applies to.</summary>
    public required string Entity { get; init; }

    /// <summary>The source value: expense type, source tax code, <c>cost-center:CC-100</c>, or an account role name.</summary>
    public required string Source { get; init; }

    /// <summary>The ERP value: GL account, ERP tax code, cost center or project code, or an account (template).</summary>
    public required string Target { get; init; }

    public required DateOnly EffectiveFrom { get; init; }

    /// <summary>Last day the rule applies (inclusive); null while it is open-ended.</summary>
    public DateOnly? EffectiveTo { get; init; }

    /// <summary>The version of the kind's rules that introduced or last changed this rule.</summary>
    public int Version { get; init; }

    /// <summary>Who proposed the change (the maker's identity).</summary>
    public string ChangedBy { get; init; } = "";

    /// <summary>Who approved the change (the checker's identity, never the maker's); empty on rules saved before changes needed approval.</summary>
    public string ApprovedBy { get; init; } = "";

    public DateTimeOffset ChangedAt { get; init; }

    /// <summary>True when the rule applies on <paramref name="date"/>.</summary>
    public bool AppliesOn(DateOnly date) => EffectiveFrom <= date && (EffectiveTo is null || date <= EffectiveTo);

    /// <summary>The rule's identity: entity, source and start date.</summary>
    public string Key => string.Join('|', Entity, Source, EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>How the rule is cited on a posting, e.g. <c>expense-types DE01 Parking v3</c>.</summary>
    public string Citation => string.Create(CultureInfo.InvariantCulture, $"{MappingKinds.NameOf(Kind)} {Entity} {Source} v{Version}");
}
