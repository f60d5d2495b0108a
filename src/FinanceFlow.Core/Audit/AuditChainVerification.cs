using System.Globalization;

namespace FinanceFlow.Core.Audit;

/// <summary>What kind of break the verifier found.</summary>
public enum AuditBreakKind
{
    /// <summary>A row's content no longer hashes to what it recorded, or the next row recorded another hash for it.</summary>
    Changed,

    /// <summary>A sequence number is missing: the row was removed.</summary>
    Deleted,

    /// <summary>A row without a chain link was written after the chain began.</summary>
    Inserted,

    /// <summary>A row stands where another belongs: its key and its content name different positions, or it links to another row than the one before it.</summary>
    Reordered,
}

/// <summary>The first place a partition's chain does not hold.</summary>
/// <param name="Sequence">The sequence number of the row concerned (for <see cref="AuditBreakKind.Deleted"/> the first missing one); null for an inserted row without a chain link.</param>
/// <param name="RowKey">The stored row the break was seen at.</param>
/// <param name="Expected">The hash the chain expected here; <paramref name="Found"/> the one it found.</param>
/// <param name="Message">The break in words finance ops and auditors can act on.</param>
public sealed record AuditChainBreak(AuditBreakKind Kind, long? Sequence, string RowKey, string? Expected, string? Found, string Message);

/// <summary>The verifier's answer for one partition.</summary>
/// <param name="ChainedRows">Rows with a chain link, each checked.</param>
/// <param name="UnchainedRows">Rows written before the chain began (no link); they cannot be checked, only shown to be older than the chain.</param>
/// <param name="ChainedSince">When the storage service wrote the first chained row.</param>
/// <param name="LastSequence">The newest row's sequence number and <paramref name="LastHash"/> its hash: record them elsewhere to notice later removals of the newest rows, which leave a shorter chain that is still whole.</param>
public sealed record AuditChainVerification(
    bool Intact,
    int ChainedRows,
    int UnchainedRows,
    DateTimeOffset? ChainedSince,
    long? LastSequence,
    string? LastHash,
    AuditChainBreak? FirstBreak)
{
    /// <summary>One line: "intact, N rows…" or "broken at row n: …".</summary>
    public string Summary => FirstBreak is { } first
        ? $"broken: {first.Kind} — {first.Message}"
        : string.Create(CultureInfo.InvariantCulture, $"intact, {ChainedRows} rows") + Unchained();

    private string Unchained() => UnchainedRows == 0
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $"; {UnchainedRows} unchained rows written before {(ChainedSince is { } since ? since.ToString("O", CultureInfo.InvariantCulture) : "the chain began")}");
}
