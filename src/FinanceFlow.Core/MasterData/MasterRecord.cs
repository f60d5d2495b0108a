namespace FinanceFlow.Core.MasterData;

/// <summary>What every governed master-data record carries: whether it may be used, and where it came from.</summary>
/// <remarks>Deactivation is soft: a record the source no longer lists stays, with <see cref="Active"/> false.</remarks>
public abstract record MasterRecord
{
    /// <summary>False once the source system retired the record; inactive records stop reports instead of silently vanishing.</summary>
    public bool Active { get; init; } = true;

    /// <summary>The system the record was synced or imported from, e.g. <c>hledger</c>, <c>import</c>, <c>masterdata-file</c>.</summary>
    public string SourceSystem { get; init; } = "import";

    /// <summary>When the record was last synced or imported.</summary>
    public DateTimeOffset LastSyncedAt { get; init; }

    /// <summary>The record's identity within its kind, e.g. <c>DE01|E1001</c> for an employee.</summary>
    public abstract string Key { get; }

    /// <summary>Joins key parts with '|', the separator no code contains.</summary>
    protected static string KeyOf(params string[] parts) => string.Join('|', parts);
}
