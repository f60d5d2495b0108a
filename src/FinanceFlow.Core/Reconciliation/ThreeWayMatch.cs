using System.Globalization;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.Reconciliation;

/// <summary>A document a platform approved for posting (a Concur FIS document offered, an Expensify export, a canonical intake).</summary>
/// <param name="Date">The document's accounting date as the platform gives it (the fallback match compares it with the ledger's date).</param>
public readonly record struct ApprovedDocument(string Source, string DocumentId, string? Employee, decimal Amount, string Currency, DateOnly Date)
{
    /// <summary>
    /// A report as read by its source's adapter, as the reconciliation compares it: FinanceFlow's report id, employee and total, dated
    /// <paramref name="date"/> when the document names its own accounting date, else the report's accounting date or submission day.
    /// </summary>
    public static ApprovedDocument Of(Model.ExpenseReport report, DateOnly? date = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new ApprovedDocument(report.Source, report.ReportId, report.Employee.Id, report.TotalAmount, report.Currency,
            date ?? report.AccountingDate ?? DateOnly.FromDateTime(report.SubmittedAt.UtcDateTime));
    }
}

/// <summary>What FinanceFlow recorded for one document: how its run ended and its total in the document's currency.</summary>
/// <param name="LastChange">When its status last changed (a run with no change since long is stuck).</param>
/// <param name="Resolved">A person closed it (resolution, retry under way): a failed run is then not an open item.</param>
/// <param name="Paid">FinanceFlow recorded the ERP's payment of it (and told the platform).</param>
public readonly record struct TrackedDocument(
    string Source, string DocumentId, string? Employee, ReportOutcome Outcome, decimal Amount, string Currency, DateTimeOffset LastChange, bool Resolved = false, bool Paid = false);

/// <summary>One journal FinanceFlow posted (or meant to) for a document: one per legal entity.</summary>
/// <param name="Document">The document's index in the list of <see cref="TrackedDocument"/>s given with it.</param>
/// <param name="Posted">The ERP's acceptance is recorded.</param>
public readonly record struct TrackedPosting(int Document, string Reference, string Ledger, decimal TotalDebit, string Currency, DateOnly Date, bool Posted);

/// <summary>A transaction a ledger holds, with FinanceFlow's reference when it still carries one.</summary>
/// <param name="Employee">The employee it books against, when the ledger names one (the fallback match needs it).</param>
/// <param name="Paid">The ERP's payment run settled it.</param>
public readonly record struct LedgerEntry(string Ledger, string? Reference, string? Employee, decimal TotalDebit, string Currency, DateOnly Date, bool Paid = false);

/// <summary>The classes of the three-way reconciliation; docs/operations.md says what each means and what is done about it.</summary>
public static class ThreeWayClasses
{
    /// <summary>FinanceFlow recorded the journal as posted, and no ledger entry carries its reference or matches it otherwise.</summary>
    public const string MissingInErp = "missing-in-erp";

    /// <summary>A platform approved the document, and FinanceFlow has no record of it.</summary>
    public const string MissingInFinanceFlow = "missing-in-financeflow";

    /// <summary>Two sides hold the document with different amounts (both are named).</summary>
    public const string AmountMismatch = "amount-mismatch";

    /// <summary>The ledger holds the reference more than once.</summary>
    public const string DuplicateInErp = "duplicate-in-erp";

    /// <summary>A run made no progress for longer than the threshold.</summary>
    public const string StuckInFlight = "stuck-in-flight";

    /// <summary>A run ended failed (refused by the ERP, in doubt) and nobody resolved it.</summary>
    public const string FailedUnresolved = "failed-unresolved";

    /// <summary>The ERP paid it; FinanceFlow (and so the platform) does not know.</summary>
    public const string PaidNotSynced = "paid-not-synced";

    /// <summary>The ledger holds it without FinanceFlow's reference, found by employee, amount and date: matched, not redriven.</summary>
    public const string ReferenceLost = "reference-lost";

    /// <summary>Every class, in report order.</summary>
    public static readonly IReadOnlyList<string> All =
        [MissingInErp, MissingInFinanceFlow, AmountMismatch, DuplicateInErp, StuckInFlight, FailedUnresolved, PaidNotSynced, ReferenceLost];
}

/// <summary>One difference the three-way run found.</summary>
/// <param name="Class">One of <see cref="ThreeWayClasses"/>.</param>
/// <param name="Reference">The journal's reference, when the difference is about one.</param>
/// <param name="Ours">FinanceFlow's amount (or the platform's, for a platform–FinanceFlow mismatch: see <see cref="Message"/>).</param>
/// <param name="Theirs">The other side's amount.</param>
/// <param name="Redrive">The run may send it through the normal idempotent pipeline again (per class, by configuration).</param>
public sealed record ThreeWayFinding(
    string Class, string Source, string DocumentId, string? Reference, string? Ledger, string? Ours, string? Theirs, string Message, bool Redrive);

/// <summary>What one three-way run found.</summary>
/// <param name="Matched">Journals FinanceFlow recorded that a ledger holds once under their reference, with the same amount and nothing to sync.</param>
/// <param name="Counts">Findings per class, every class present.</param>
public sealed record ThreeWayResult(int Platform, int Tracked, int LedgerEntries, int Matched, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<ThreeWayFinding> Findings);

/// <summary>How the run judges what it found.</summary>
/// <param name="StuckAfter">A pending run with no status change for this long is stuck.</param>
/// <param name="Redrive">The classes sent through the pipeline again: by default the two missing ones; never a mismatch or a duplicate.</param>
public sealed record ThreeWayOptions(DateTimeOffset Now, TimeSpan StuckAfter, IReadOnlySet<string> Redrive)
{
    /// <summary>Classes that may be redriven; a mismatch or a duplicate needs a person.</summary>
    public static readonly IReadOnlySet<string> Redrivable = new HashSet<string>(StringComparer.Ordinal) { ThreeWayClasses.MissingInErp, ThreeWayClasses.MissingInFinanceFlow };
}

/// <summary>
/// The three-way comparison of the nightly reconciliation: what the platforms approved, what FinanceFlow recorded and what the ERP
/// ledgers hold, matched by FinanceFlow's external reference first, then — for ledger entries that lost it — by employee, amount,
/// currency and date. Pure: the caller reads the three sides (for the days that changed) and acts on the findings. FinanceFlow's
/// side is indexed; the platform documents and the ledger entries stream through once, so memory grows with FinanceFlow's records
/// and the differences, not with the ledger.
/// </summary>
public static class ThreeWayMatch
{
    private const byte Unseen = 0;
    private const byte Agrees = 1;
    private const byte Differs = 2;
    private const byte PaidThere = 3;

    public static ThreeWayResult Run(
        IEnumerable<ApprovedDocument> platform,
        IReadOnlyList<TrackedDocument> documents,
        IReadOnlyList<TrackedPosting> postings,
        IEnumerable<LedgerEntry> ledger,
        ThreeWayOptions options)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(postings);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var chosen in options.Redrive)
        {
            if (!ThreeWayOptions.Redrivable.Contains(chosen))
            {
                throw new ArgumentException($"'{chosen}' cannot be redriven: only {string.Join(" and ", ThreeWayOptions.Redrivable)} can.", nameof(options));
            }
        }

        var tracked = new Dictionary<DocumentKey, int>(documents.Count);
        for (var i = 0; i < documents.Count; i++)
        {
            tracked.TryAdd(new DocumentKey(documents[i].Source, documents[i].DocumentId), i);
        }

        var byReference = new Dictionary<string, int>(postings.Count, StringComparer.Ordinal);
        for (var i = 0; i < postings.Count; i++)
        {
            if ((uint)postings[i].Document >= (uint)documents.Count)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Posting {postings[i].Reference} names document {postings[i].Document}, and there are {documents.Count}."), nameof(postings));
            }

            byReference.TryAdd(postings[i].Reference, i);
        }

        // The ledger streams through: per journal, how many entries carry its reference and whether the first agrees.
        var copies = new int[postings.Count];
        var state = new byte[postings.Count];
        var firstEntry = new Dictionary<int, LedgerEntry>();
        var unreferenced = new Dictionary<FallbackKey, List<LedgerEntry>>();
        var entries = 0;
        foreach (var entry in ledger)
        {
            entries++;
            if (entry.Reference is { Length: > 0 } reference && byReference.TryGetValue(reference, out var index))
            {
                if (copies[index]++ == 0)
                {
                    var posting = postings[index];
                    state[index] = entry.TotalDebit != posting.TotalDebit || !string.Equals(entry.Currency, posting.Currency, StringComparison.Ordinal) ? Differs
                        : entry.Paid && !documents[posting.Document].Paid ? PaidThere
                        : Agrees;
                    if (state[index] != Agrees)
                    {
                        firstEntry[index] = entry;
                    }
                }
            }
            else if (entry.Employee is { } employee)
            {
                // No reference, or one FinanceFlow does not know (edited): a candidate for the match by what it books.
                var key = new FallbackKey(employee, entry.TotalDebit, entry.Currency, entry.Date);
                if (!unreferenced.TryGetValue(key, out var list))
                {
                    unreferenced[key] = list = [];
                }

                list.Add(entry);
            }
        }

        var findings = new List<ThreeWayFinding>();
        var matched = 0;
        for (var index = 0; index < postings.Count; index++)
        {
            var posting = postings[index];
            var document = documents[posting.Document];
            if (copies[index] > 1)
            {
                findings.Add(new ThreeWayFinding(ThreeWayClasses.DuplicateInErp, document.Source, document.DocumentId, posting.Reference, posting.Ledger, Money(posting.TotalDebit, posting.Currency), null,
                    Invariant($"Ledger {posting.Ledger} holds {posting.Reference} {copies[index]} times; reverse the extra copies in the ERP (FinanceFlow posts each reference once)."), Redrive: false));
            }
            else if (state[index] == Differs)
            {
                var entry = firstEntry[index];
                findings.Add(new ThreeWayFinding(ThreeWayClasses.AmountMismatch, document.Source, document.DocumentId, posting.Reference, entry.Ledger,
                    Money(posting.TotalDebit, posting.Currency), Money(entry.TotalDebit, entry.Currency),
                    $"{posting.Reference}: FinanceFlow posted {Money(posting.TotalDebit, posting.Currency)}, ledger {entry.Ledger} holds {Money(entry.TotalDebit, entry.Currency)}; correct it in the ERP with a reversal and a new entry.",
                    Redrive: false));
            }
            else if (state[index] == PaidThere)
            {
                findings.Add(new ThreeWayFinding(ThreeWayClasses.PaidNotSynced, document.Source, document.DocumentId, posting.Reference, firstEntry[index].Ledger, Money(posting.TotalDebit, posting.Currency), null,
                    $"Ledger {firstEntry[index].Ledger} shows {posting.Reference} paid; FinanceFlow has no payment recorded for it, so the platform was not told. The payment sync sends it.", Redrive: false));
            }
            else if (state[index] == Agrees)
            {
                matched++;
            }
            else if (!posting.Posted)
            {
                // Only the intent: a live run settles it, a stopped one is stuck or failed below.
            }
            else if (document.Employee is { } employee && Take(unreferenced, new FallbackKey(employee, posting.TotalDebit, posting.Currency, posting.Date)) is { } found)
            {
                findings.Add(new ThreeWayFinding(ThreeWayClasses.ReferenceLost, document.Source, document.DocumentId, posting.Reference, found.Ledger, Money(posting.TotalDebit, posting.Currency), Money(found.TotalDebit, found.Currency),
                    Invariant($"Ledger {found.Ledger} holds an entry for {employee} of {Money(found.TotalDebit, found.Currency)} on {found.Date:yyyy-MM-dd} without {posting.Reference}{(found.Reference is { } other ? $" (under {other})" : string.Empty)}: its reference was lost or edited. Not posted again; put the reference back in the ERP."),
                    Redrive: false));
            }
            else
            {
                findings.Add(new ThreeWayFinding(ThreeWayClasses.MissingInErp, document.Source, document.DocumentId, posting.Reference, posting.Ledger, Money(posting.TotalDebit, posting.Currency), null,
                    $"FinanceFlow recorded {posting.Reference} as posted to {posting.Ledger}, and the ledger holds no entry under it or like it.",
                    options.Redrive.Contains(ThreeWayClasses.MissingInErp)));
            }
        }

        var approvedCount = 0;
        foreach (var approved in platform)
        {
            approvedCount++;
            if (!tracked.TryGetValue(new DocumentKey(approved.Source, approved.DocumentId), out var index))
            {
                var byHand = approved.Employee is { } employee ? Take(unreferenced, new FallbackKey(employee, approved.Amount, approved.Currency, approved.Date)) : null;
                findings.Add(byHand is { } entry
                    ? new ThreeWayFinding(ThreeWayClasses.MissingInFinanceFlow, approved.Source, approved.DocumentId, null, entry.Ledger, null, Money(approved.Amount, approved.Currency),
                        Invariant($"{approved.Source} approved {approved.DocumentId} ({Money(approved.Amount, approved.Currency)}) and FinanceFlow has no record of it, but ledger {entry.Ledger} holds an entry for {approved.Employee} of that amount on {approved.Date:yyyy-MM-dd}: posted by hand? Not redriven, so it is not posted twice."),
                        Redrive: false)
                    : new ThreeWayFinding(ThreeWayClasses.MissingInFinanceFlow, approved.Source, approved.DocumentId, null, null, null, Money(approved.Amount, approved.Currency),
                        $"{approved.Source} approved {approved.DocumentId} ({Money(approved.Amount, approved.Currency)}) and FinanceFlow has no record of it (the event or the pull never reached intake).",
                        options.Redrive.Contains(ThreeWayClasses.MissingInFinanceFlow)));
                continue;
            }

            var document = documents[index];
            if (document.Amount != approved.Amount || !string.Equals(document.Currency, approved.Currency, StringComparison.Ordinal))
            {
                findings.Add(new ThreeWayFinding(ThreeWayClasses.AmountMismatch, approved.Source, approved.DocumentId, null, null,
                    Money(document.Amount, document.Currency), Money(approved.Amount, approved.Currency),
                    $"{approved.Source} approved {approved.DocumentId} for {Money(approved.Amount, approved.Currency)}, FinanceFlow recorded {Money(document.Amount, document.Currency)}: a newer version not yet received, or changed after approval.",
                    Redrive: false));
            }
        }

        foreach (var document in documents)
        {
            if (document.Outcome == ReportOutcome.Pending && options.Now - document.LastChange > options.StuckAfter)
            {
                findings.Add(new ThreeWayFinding(ThreeWayClasses.StuckInFlight, document.Source, document.DocumentId, null, null, Money(document.Amount, document.Currency), null,
                    Invariant($"{document.Source}/{document.DocumentId} has been running with no change since {document.LastChange:yyyy-MM-dd HH:mm} UTC; the watchdog redrives it."), Redrive: false));
            }
            else if (document.Outcome is ReportOutcome.PostingFailed or ReportOutcome.PostingInDoubt && !document.Resolved)
            {
                findings.Add(new ThreeWayFinding(ThreeWayClasses.FailedUnresolved, document.Source, document.DocumentId, null, null, Money(document.Amount, document.Currency), null,
                    Invariant($"{document.Source}/{document.DocumentId} ended {document.Outcome} on {document.LastChange:yyyy-MM-dd} and nobody resolved it; see its story and retry it once the cause is fixed."), Redrive: false));
            }
        }

        var counts = ThreeWayClasses.All.ToDictionary(c => c, _ => 0, StringComparer.Ordinal);
        foreach (var finding in findings)
        {
            counts[finding.Class]++;
        }

        return new ThreeWayResult(approvedCount, documents.Count, entries, matched, counts, findings);
    }

    private static LedgerEntry? Take(Dictionary<FallbackKey, List<LedgerEntry>> unreferenced, FallbackKey key)
    {
        if (!unreferenced.TryGetValue(key, out var list) || list.Count == 0)
        {
            return null;
        }

        var found = list[^1];
        list.RemoveAt(list.Count - 1);
        return found;
    }

    private static string Money(decimal amount, string currency) => amount.ToString("0.00##", CultureInfo.InvariantCulture) + " " + currency;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private readonly record struct DocumentKey(string Source, string DocumentId);

    private readonly record struct FallbackKey(string Employee, decimal Amount, string Currency, DateOnly Date);
}
