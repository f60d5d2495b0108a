namespace FinanceFlow.Core.MasterData;

/// <summary>A currency and the legal entities that may book reports in it.</summary>
public sealed record CurrencyRecord : MasterRecord
{
    public const string AllEntities = "*";

    /// <summary>ISO 4217 code.</summary>
    public required string Code { get; init; }

    /// <summary>Entity codes the currency is enabled for; <c>*</c> enables it for all.</summary>
    public IReadOnlyList<string> Entities { get; init; } = [AllEntities];

    /// <summary>True when reports of <paramref name="entity"/> may be in this currency.</summary>
    public bool IsEnabledFor(string entity) =>
        Active && Entities.Any(e => e == AllEntities || string.Equals(e, entity, StringComparison.OrdinalIgnoreCase));

    public override string Key => Code;
}
