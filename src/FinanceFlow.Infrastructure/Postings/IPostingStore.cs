namespace FinanceFlow.Infrastructure.Postings;

/// <summary>Whether a posting is only intended or known to be in the ERP.</summary>
public enum PostingState
{
    Intent,
    Posted,
}

/// <summary>Where a posting goes and what it books, kept with its intent so the nightly reconciliation can compare it with the ledger.</summary>
/// <param name="Ledger">The ledger; null for the default one.</param>
/// <param name="Currency">The journal's currency.</param>
/// <param name="TotalDebit">The journal's total debit (= total credit).</param>
public sealed record PostingTarget(string? Ledger, string? Currency, decimal? TotalDebit);

/// <summary>Table <c>Postings</c>: one row per external reference, written before the ERP is called.</summary>
/// <param name="Target">Ledger and amounts; null on rows written before they were kept.</param>
public sealed record PostingRecord(
    string ExternalReference,
    PostingState State,
    string EntryHash,
    string Erp,
    string InstanceId,
    string? DocumentNumber,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PostedAt,
    DateTimeOffset LeaseUntil,
    PostingTarget? Target = null);

/// <summary>What <see cref="IPostingStore.ClaimAsync"/> found.</summary>
public enum ClaimOutcome
{
    /// <summary>No earlier attempt: the caller may send.</summary>
    Claimed,

    /// <summary>An earlier attempt wrote its intent and its lease ran out (or it was this instance's own earlier attempt): it may or may not have reached the ERP, so ask the ERP first.</summary>
    ClaimedInDoubt,

    /// <summary>Already in the ERP: do not send.</summary>
    AlreadyPosted,

    /// <summary>Another worker holds a live lease on it: try again later.</summary>
    HeldByAnother,
}

/// <summary>The result of claiming an external reference.</summary>
public sealed record PostingClaim(ClaimOutcome Outcome, PostingRecord Record);

/// <summary>The intent log that makes ERP posting idempotent across crashes.</summary>
public interface IPostingStore
{
    Task<PostingRecord?> GetAsync(string externalReference, CancellationToken cancellationToken);

    /// <summary>Writes the intent row (or takes over an expired lease) with optimistic concurrency.</summary>
    Task<PostingClaim> ClaimAsync(string externalReference, string entryHash, string erp, PostingTarget target, string instanceId, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Every posting row, intents and postings, for the reconciliation.</summary>
    Task<IReadOnlyList<PostingRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Records that the ERP holds the posting under this document number.</summary>
    Task<PostingRecord> MarkPostedAsync(string externalReference, string documentNumber, CancellationToken cancellationToken);
}
