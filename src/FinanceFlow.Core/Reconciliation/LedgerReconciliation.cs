using System.Globalization;

namespace FinanceFlow.Core.Reconciliation;

/// <summary>A transaction FinanceFlow posted (its code is an <c>FF-</c> reference, or it lost it), as the ERP ledger holds it.</summary>
/// <param name="Reference">The transaction's code: FinanceFlow's reference, or what is left of it (edited, or empty) when it carries FinanceFlow's employee marker.</param>
/// <param name="DebitsByCurrency">The sum of the transaction's debit amounts per currency (what was booked).</param>
/// <param name="Employee">The employee id it books for, as FinanceFlow's reports carry it, when the ledger names one (the three-way fallback match needs it).</param>
public sealed record ErpLedgerTransaction(string Reference, DateOnly Date, string? Description, IReadOnlyDictionary<string, decimal> DebitsByCurrency, string? Employee = null);

/// <summary>A posting as FinanceFlow recorded it (Table <c>Postings</c>): the intent written before the ERP call, and the result.</summary>
/// <param name="Ledger">The ledger it went to; null for the default ledger.</param>
/// <param name="Posted">True once the ERP's acceptance was recorded; false while only the intent is.</param>
/// <param name="Currency">The journal's currency; null for rows written before it was recorded.</param>
/// <param name="TotalDebit">The journal's total debit; null for rows written before it was recorded.</param>
/// <param name="InDoubt">The ERP's answer to the send never came and nothing settled it yet (<c>PostingInDoubt</c>).</param>
/// <param name="LedgerDiffers">The poster found a transaction under the reference whose books differ from the journal, and flagged it.</param>
/// <param name="Detail">Why it is in doubt or what differs, as the poster recorded it.</param>
public sealed record RecordedPosting(
    string Reference,
    string? Ledger,
    bool Posted,
    string? DocumentNumber,
    string InstanceId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LeaseUntil,
    string? Currency,
    decimal? TotalDebit,
    bool InDoubt = false,
    bool LedgerDiffers = false,
    string? Detail = null);

/// <summary>One difference between FinanceFlow's record and the ERP ledger, for finance ops to act on.</summary>
/// <param name="Code">Stable code, see <see cref="ReconciliationCodes"/>.</param>
/// <param name="Ledger">The ledger (its names, comma-separated when several share one ERP endpoint).</param>
/// <param name="Reference">The posting's external reference (the ERP transaction code).</param>
/// <param name="Action">What to do about it.</param>
public sealed record ReconciliationFinding(string Code, string Severity, string Ledger, string Reference, string Message, string Action);

/// <summary>What reconciling one ledger found.</summary>
/// <param name="ErpTransactions">FinanceFlow transactions (<c>FF-</c> codes) in the ledger.</param>
/// <param name="RecordedPostings">FinanceFlow's posting rows for the ledger.</param>
/// <param name="Matched">References both sides hold once, with the same amounts.</param>
public sealed record LedgerReconciliationResult(string Ledger, int ErpTransactions, int RecordedPostings, int Matched, IReadOnlyList<ReconciliationFinding> Findings);

/// <summary>The codes of <see cref="ReconciliationFinding"/>; docs/operations.md explains each.</summary>
public static class ReconciliationCodes
{
    /// <summary>The ledger holds the reference more than once: exactly-once posting broke (or someone copied it by hand).</summary>
    public const string DuplicateInErp = "duplicate-in-erp";

    /// <summary>FinanceFlow recorded the posting as accepted, but the ledger does not hold it (deleted, or the wrong ledger).</summary>
    public const string MissingInErp = "missing-in-erp";

    /// <summary>The ledger holds an <c>FF-</c> transaction FinanceFlow has no posting row for.</summary>
    public const string NotRecorded = "not-recorded";

    /// <summary>The ledger holds it, but FinanceFlow recorded only the intent: the run stopped between the ERP's answer and the record.</summary>
    public const string PostedNotRecorded = "posted-not-recorded";

    /// <summary>An intent whose lease ran out long ago and which the ledger does not hold: the run stopped before it posted.</summary>
    public const string IntentNotPosted = "intent-not-posted";

    /// <summary>The ledger's amounts differ from the journal FinanceFlow posted (edited in the ERP?).</summary>
    public const string AmountDiffers = "amount-differs";

    /// <summary>A posting in doubt (the ERP's answer never came) that the ledger holds once with the journal's amounts: recorded as posted.</summary>
    public const string InDoubtInErp = "in-doubt-in-erp";

    /// <summary>A posting in doubt, or flagged as differing, that the ledger does not hold: a retry posts it once the ledger's read is authoritative.</summary>
    public const string InDoubtNotInErp = "in-doubt-not-in-erp";

    /// <summary>The ledger holds a transaction under FinanceFlow's reference whose books differ from the journal: flagged, never recorded as posted.</summary>
    public const string LedgerDiffers = "ledger-differs";

    public const string Error = "error";
    public const string Warning = "warning";
}

/// <summary>
/// Compares what FinanceFlow recorded as posted to one ERP ledger with what that ledger holds: the ERP is the system of record,
/// so every difference is a finding naming the reference and what to do. Pure: the caller reads both sides.
/// </summary>
public static class LedgerReconciliation
{
    /// <summary>Codes of FinanceFlow's postings start with this; others in the ledger are not ours to reconcile.</summary>
    public const string ReferencePrefix = "FF-";

    /// <param name="ledger">The ledger's name(s), for the findings.</param>
    /// <param name="erp">The ledger's <c>FF-</c> transactions.</param>
    /// <param name="recorded">FinanceFlow's posting rows for this ledger.</param>
    /// <param name="intentGrace">How long after its lease ran out an unposted intent is reported (a live run may still settle it).</param>
    /// <param name="authoritative">True when the ledger was read from its own records, so a reference it does not list is not there.</param>
    public static LedgerReconciliationResult Reconcile(
        string ledger, IReadOnlyList<ErpLedgerTransaction> erp, IReadOnlyList<RecordedPosting> recorded, DateTimeOffset now, TimeSpan intentGrace, bool authoritative = true)
    {
        ArgumentNullException.ThrowIfNull(erp);
        ArgumentNullException.ThrowIfNull(recorded);
        var findings = new List<ReconciliationFinding>();
        var inErp = erp.Where(t => t.Reference.StartsWith(ReferencePrefix, StringComparison.Ordinal))
            .GroupBy(t => t.Reference, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var byReference = recorded.GroupBy(p => p.Reference, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var matched = 0;

        foreach (var (reference, copies) in inErp.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (copies.Count > 1)
            {
                findings.Add(new ReconciliationFinding(ReconciliationCodes.DuplicateInErp, ReconciliationCodes.Error, ledger, reference,
                    Invariant($"The ledger holds {reference} {copies.Count} times (dated {string.Join(", ", copies.Select(c => c.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))})."),
                    "Reverse the extra copies in the ERP; FinanceFlow posts each reference once."));
            }

            if (!byReference.TryGetValue(reference, out var posting))
            {
                findings.Add(new ReconciliationFinding(ReconciliationCodes.NotRecorded, ReconciliationCodes.Error, ledger, reference,
                    $"The ledger holds {reference}, dated {copies[0].Date:yyyy-MM-dd}, but FinanceFlow has no posting for it in this ledger.",
                    "Find who posted it (a manual entry with our reference, or another environment); reverse it if it is not ours."));
                continue;
            }

            var inDoubtDifference = posting.InDoubt ? Differs(posting, copies[0]) : null;
            if (posting.LedgerDiffers || inDoubtDifference is not null)
            {
                var what = inDoubtDifference is { } amounts ? $"the ledger holds {amounts.Theirs}, the journal {amounts.Ours}" : posting.Detail ?? "see the report's audit trail";
                findings.Add(new ReconciliationFinding(ReconciliationCodes.LedgerDiffers, ReconciliationCodes.Error, ledger, reference,
                    $"The ledger holds a transaction under {reference} whose books differ from FinanceFlow's journal ({what}); FinanceFlow did not record it as posted.",
                    "Find who wrote it; correct it in the ERP (reverse it, or make it match the journal), then retry the report: FinanceFlow reads the ledger again before it sends anything."));
                continue;
            }

            if (posting.InDoubt)
            {
                findings.Add(new ReconciliationFinding(ReconciliationCodes.InDoubtInErp, ReconciliationCodes.Warning, ledger, reference,
                    $"{reference} was in doubt (the ERP's answer to run {posting.InstanceId} never came); the ledger holds it with the journal's amounts, so it is recorded as posted.",
                    "Retry the report (POST /api/v1/reports/{source}/{reportId}/retry) to close it: the poster finds the document and sends nothing."));
                matched += copies.Count == 1 ? 1 : 0;
                continue;
            }

            if (!posting.Posted)
            {
                findings.Add(new ReconciliationFinding(ReconciliationCodes.PostedNotRecorded, ReconciliationCodes.Warning, ledger, reference,
                    $"The ledger holds {reference}, but FinanceFlow recorded only the intent (run {posting.InstanceId}): the run stopped between the ERP's answer and its record.",
                    "Retry the report (POST /api/v1/reports/{source}/{reportId}/retry): the poster finds the document in the ERP, records it and sends nothing again."));
                continue;
            }

            if (Differs(posting, copies[0]) is { } difference)
            {
                findings.Add(new ReconciliationFinding(ReconciliationCodes.AmountDiffers, ReconciliationCodes.Error, ledger, reference,
                    $"{reference}: FinanceFlow posted {difference.Ours}, the ledger holds {difference.Theirs}.",
                    "Check who changed the transaction in the ERP; correct it there with a reversal and a new entry, not by editing."));
                continue;
            }

            if (copies.Count == 1)
            {
                matched++;
            }
        }

        foreach (var posting in byReference.Values.OrderBy(p => p.Reference, StringComparer.Ordinal))
        {
            if (inErp.ContainsKey(posting.Reference))
            {
                continue;
            }

            if (posting.InDoubt || posting.LedgerDiffers)
            {
                var why = posting.InDoubt ? "the ERP's answer to its send never came" : "a transaction with different books was found under its reference";
                findings.Add(authoritative
                    ? new ReconciliationFinding(ReconciliationCodes.InDoubtNotInErp, ReconciliationCodes.Warning, ledger, posting.Reference,
                        $"{posting.Reference} is held back ({why}, run {posting.InstanceId}); the ledger's own records do not hold it.",
                        "Retry the report (POST /api/v1/reports/{source}/{reportId}/retry): the poster reads the ledger again and posts it once.")
                    : new ReconciliationFinding(ReconciliationCodes.InDoubtNotInErp, ReconciliationCodes.Error, ledger, posting.Reference,
                        $"{posting.Reference} is held back ({why}, run {posting.InstanceId}); the ledger's list does not show it, but that list is not authoritative.",
                        "Check the ERP for the reference by hand. Give the ledger an authoritative read (for hledger its journal file, FinanceFlow:Erp:Hledger:JournalPath) and retry the report: it then settles by itself."));
            }
            else if (posting.Posted)
            {
                findings.Add(new ReconciliationFinding(ReconciliationCodes.MissingInErp, ReconciliationCodes.Error, ledger, posting.Reference,
                    $"FinanceFlow recorded {posting.Reference} as posted ({posting.DocumentNumber}, run {posting.InstanceId}), but the ledger does not hold it.",
                    "Find out whether it was deleted or posted to another ledger; re-post only after the ERP confirms it is absent."));
            }
            else if (posting.LeaseUntil + intentGrace < now)
            {
                findings.Add(new ReconciliationFinding(ReconciliationCodes.IntentNotPosted, ReconciliationCodes.Warning, ledger, posting.Reference,
                    Invariant($"FinanceFlow meant to post {posting.Reference} (run {posting.InstanceId}, {posting.CreatedAt:yyyy-MM-dd HH:mm} UTC) and the ledger does not hold it: the run stopped before it posted."),
                    "Look at the report's status: retry it if it ended PostingFailed; a run still going settles it by itself."));
            }
        }

        return new LedgerReconciliationResult(ledger, inErp.Values.Sum(c => c.Count), byReference.Count, matched, findings);
    }

    private static (string Ours, string Theirs)? Differs(RecordedPosting posting, ErpLedgerTransaction transaction)
    {
        if (posting.Currency is null || posting.TotalDebit is null)
        {
            // Rows recorded before amounts were kept: only presence can be checked.
            return null;
        }

        var theirs = transaction.DebitsByCurrency.Where(d => d.Value != 0m).ToList();
        var same = theirs.Count == 1 && string.Equals(theirs[0].Key, posting.Currency, StringComparison.Ordinal) && theirs[0].Value == posting.TotalDebit.Value;
        return same
            ? null
            : (Invariant($"{posting.TotalDebit.Value} {posting.Currency}"), theirs.Count == 0 ? "no amounts" : string.Join(" + ", theirs.Select(d => Invariant($"{d.Value} {d.Key}"))));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
