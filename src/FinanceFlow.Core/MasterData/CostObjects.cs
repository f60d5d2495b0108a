namespace FinanceFlow.Core.MasterData;

/// <summary>A cost center of one legal entity.</summary>
public sealed record CostCenter : MasterRecord
{
    public required string Entity { get; init; }

    public required string Code { get; init; }

    public string? Name { get; init; }

    public override string Key => KeyOf(Entity, Code);
}

/// <summary>A project of one legal entity.</summary>
public sealed record Project : MasterRecord
{
    public required string Entity { get; init; }

    public required string Code { get; init; }

    public string? Name { get; init; }

    public override string Key => KeyOf(Entity, Code);
}

/// <summary>A general-ledger account of one legal entity, named as the ERP names it (for hledger: <c>expenses:travel</c>).</summary>
public sealed record GlAccount : MasterRecord
{
    public required string Entity { get; init; }

    public required string Account { get; init; }

    public string? Name { get; init; }

    public override string Key => KeyOf(Entity, Account);
}
