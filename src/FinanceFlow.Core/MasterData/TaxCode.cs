namespace FinanceFlow.Core.MasterData;

/// <summary>An ERP tax code of one legal entity: its rate, the share of it that is reclaimable, and where input tax goes.</summary>
public sealed record TaxCode : MasterRecord
{
    public required string Entity { get; init; }

    public required string Code { get; init; }

    /// <summary>Tax rate in percent, e.g. 19.</summary>
    public decimal Rate { get; init; }

    /// <summary>Share of the tax that may be reclaimed as input tax, 0–100.</summary>
    public decimal DeductiblePercent { get; init; } = 100m;

    /// <summary>The input-tax account; null uses the entity's <c>InputTax</c> account role.</summary>
    public string? InputTaxAccount { get; init; }

    public override string Key => KeyOf(Entity, Code);
}
