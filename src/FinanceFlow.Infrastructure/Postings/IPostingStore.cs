namespace FinanceFlow.Infrastructure.Postings;

/// <summary>Where a posting stands: stored by name, so a value here never changes its spelling.</summary>
public enum PostingState
{
    /// <summary>Claimed, nothing sent (or an attempt that certainly did not reach the ERP: refused before sending, a business rejection).</summary>
    Intent,

    /// <summary>Posted: the ERP holds it under <see cref="PostingRecord.DocumentNumber"/>.</summary>
    Posted,

    /// <summary>The send has started: until its answer is recorded, the ERP may or may not hold it.</summary>
    Sending,

    /// <summary>The ERP's answer never came (timeout, reset, 5xx after sending) and no authoritative read settled it: never sent again blindly.</summary>
    InDoubt,

    /// <summary>The ERP holds a transaction under the reference whose books differ from the journal: flagged for finance, not posted.</summary>
    LedgerDiffers,
}

/// <summary>Where a posting goes and what it books, kept with its intent so the nightly reconciliation can compare it with the ledger.</summary>
/// <param name="Ledger">The ledger; null for the default one.</param>
/// <param name="Currency">The journal's currency.</param>
/// <param name="TotalDebit">The journal's total debit (= total credit).</param>
/// <param name="Date">The journal's date, so a reconciliation knows which ledger days to read for it; null on rows written before it was kept.</param>
public sealed record PostingTarget(string? Ledger, string? Currency, decimal? TotalDebit, DateOnly? Date = null);

/// <summary>Table <c>Postings</c>: one row per external reference, written before the ERP is called.</summary>
/// <param name="Target">Ledger and amounts; null on rows written before they were kept.</param>
/// <param name="Generation">
/// The fencing token: raised by every claim, and every later write of the claimant is conditional on it, so a worker whose lease
/// lapsed and was taken over can neither send nor record. 0 on rows written before it was kept.
/// </param>
/// <param name="Detail">Why the posting is in doubt, not sent, or what differs in the ledger.</param>
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
    PostingTarget? Target = null,
    long Generation = 0,
    string? Detail = null);

/// <summary>What <see cref="IPostingStore.ClaimAsync"/> found.</summary>
public enum ClaimOutcome
{
    /// <summary>No earlier attempt, or one that certainly sent nothing: the caller may send.</summary>
    Claimed,

    /// <summary>
    /// An earlier send may have reached the ERP (its answer never came, the worker stopped mid-send, a row older than the fencing
    /// token) or the ledger held something else under the reference: settle it with the ERP before anything is sent.
    /// </summary>
    ClaimedInDoubt,

    /// <summary>Already in the ERP: do not send.</summary>
    AlreadyPosted,

    /// <summary>Another worker holds a live lease on it: try again later.</summary>
    HeldByAnother,
}

/// <summary>The result of claiming an external reference; <see cref="PostingRecord.Generation"/> of the record is the claimant's fencing token.</summary>
public sealed record PostingClaim(ClaimOutcome Outcome, PostingRecord Record);

/// <summary>The intent log that makes ERP posting idempotent across crashes, lost answers and lapsed leases.</summary>
public interface IPostingStore
{
    Task<PostingRecord?> GetAsync(string externalReference, CancellationToken cancellationToken);

    /// <summary>Writes the intent row, or takes over one whose lease ran out, raising its generation (optimistic concurrency).</summary>
    Task<PostingClaim> ClaimAsync(string externalReference, string entryHash, string erp, PostingTarget target, string instanceId, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Every posting row.</summary>
    Task<IReadOnlyList<PostingRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The rows not settled as posted, and those that changed at or after <paramref name="since"/> (a server-side filter), for a
    /// windowed reconciliation; older posted rows are read one by one when either side names them.
    /// </summary>
    Task<IReadOnlyList<PostingRecord>> ListChangedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// The fence before a send: marks the row <see cref="PostingState.Sending"/> and starts the lease now, only if
    /// <paramref name="generation"/> still holds it.
    /// </summary>
    /// <exception cref="PostingLeaseLostException">Another claim took the row over: do not send.</exception>
    Task<PostingRecord> MarkSendingAsync(string externalReference, long generation, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Records where the posting ended (<see cref="PostingState.Posted"/> with its document, back to <see cref="PostingState.Intent"/>,
    /// <see cref="PostingState.InDoubt"/>, <see cref="PostingState.LedgerDiffers"/>) and ends the lease, only if
    /// <paramref name="generation"/> still holds the row.
    /// </summary>
    /// <exception cref="PostingLeaseLostException">Another claim took the row over: its holder records the outcome.</exception>
    Task<PostingRecord> SettleAsync(string externalReference, long generation, PostingState state, string? documentNumber, string? detail, CancellationToken cancellationToken);
}
