namespace FinanceFlow.Core.Posting;

/// <summary>The finding codes of the posting step, spelled once: a report's findings keep them.</summary>
public static class PostingFindings
{
    /// <summary>
    /// A warning: the report is posted, and the ERP connector notes it was not posted entirely as asked (e.g. an entity that books
    /// vendor bills on a ledger that keeps journal entries only), or found it already posted as the other object.
    /// </summary>
    public const string PostedWithNote = "erp-posted-with-note";
}
