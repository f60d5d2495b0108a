namespace FinanceFlow.Core.MasterData;

/// <summary>An employee as set up in one legal entity of the ERP.</summary>
public sealed record Employee : MasterRecord
{
    public required string Entity { get; init; }

    /// <summary>The id the expense platform uses (the report's employee id).</summary>
    public required string EmployeeId { get; init; }

    /// <summary>The employee's vendor or employee id in the ERP entity, which the payable is booked against.</summary>
    public required string ErpId { get; init; }

    public string? Name { get; init; }

    /// <summary>Cost center for lines that carry no allocation.</summary>
    public string? DefaultCostCenter { get; init; }

    public override string Key => KeyOf(Entity, EmployeeId);
}
