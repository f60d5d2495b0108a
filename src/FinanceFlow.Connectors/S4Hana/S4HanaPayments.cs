using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Reconciliation;

namespace FinanceFlow.Connectors.S4Hana;

/// <summary>
/// The payments of our journal entries as SAP books them on the payable (our entry's credit items), full or in part. The items of a
/// payable's family are the payable and every item referring to it through InvoiceReference, directly or through a residual item:
/// part-payment items (debits, open until the final clearing) and residual items (credits a part payment left open). Each journal entry
/// that posted family items or cleared some is one payment; it paid what it posted less what it cleared (a partial payment posts its
/// debit; a residual-item payment clears the payable and posts the rest as a new credit; a final clearing clears what is left), dated
/// by the clearing date (or the posting date of a payment that cleared nothing), its id the payment journal entry's key.
/// </summary>
public sealed class S4HanaPayments(S4HanaODataReads reads)
{
    private const int KeysPerRead = 20;
    private const int MaxLinks = 10;

    /// <summary>The payments dated on or after <paramref name="since"/>, and what names one of our entries but cannot be read as a payment.</summary>
    public async Task<ErpPaymentRead> ListAsync(DateOnly since, CancellationToken cancellationToken)
    {
        var from = S4HanaODataReads.DateLiteral(since);
        var items = new Dictionary<S4HanaItemKey, S4HanaPaymentItem>();

        // Our payables cleared in the window, then every item with an invoice reference posted or cleared in it: the cube cannot tell
        // the part payments of our payables from other ones before the invoice they refer to is read.
        Add(items, await reads.PaymentItemsAsync($"startswith(DocumentReferenceID,'FF') and ClearingDate ge {from}", cancellationToken));
        Add(items, await reads.PaymentItemsAsync($"InvoiceReference ne '' and (PostingDate ge {from} or ClearingDate ge {from})", cancellationToken));
        await ReadReferredAsync(items, cancellationToken);

        var payments = new List<ErpPayment>();
        var problems = new List<string>();
        var families = items.Values.Select(i => (Item: i, Root: Root(items, i))).Where(f => f.Root is not null).GroupBy(f => f.Root!.Entry);
        foreach (var family in families)
        {
            var entry = items.Values.Where(i => i.Key.Entry == family.Key).Select(i => i.Item).OrderBy(i => i.AccountingDocumentItem, StringComparer.Ordinal).ToList();
            var found = Paid(entry[0].DocumentNumber, [.. family.Select(f => f.Item)]).Where(p => p.Date >= since).ToList();
            if (found.Count == 0)
            {
                continue;
            }

            var reference = await ReferenceAsync(entry, cancellationToken);
            if (reference is null && S4HanaReference.IsHashed(entry[0].DocumentReferenceId!))
            {
                problems.Add($"{S4HanaConnector.Erp} journal entry {entry[0].DocumentNumber} (DocumentReferenceID {entry[0].DocumentReferenceId}) is paid, but its item texts no longer give back FinanceFlow's reference.");
                continue;
            }

            // DocumentReferenceID starts FF, but the entry is not one of ours (FFM-…, a reference of another system).
            if (reference is null || !reference.StartsWith(LedgerReconciliation.ReferencePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var (document, date, currency, amount) in found)
            {
                if (amount > 0m)
                {
                    payments.Add(new ErpPayment(document, reference, date, amount, currency));
                }
                else if (amount < 0m)
                {
                    problems.Add($"{S4HanaConnector.Erp} journal entry {document} adds {-amount} {currency} to what is owed on {reference} ({entry[0].DocumentNumber}) instead of paying it: not read as a payment.");
                }
            }
        }

        return new ErpPaymentRead([.. payments.OrderBy(p => p.PaidOn).ThenBy(p => p.PaymentId, StringComparer.Ordinal)], problems);
    }

    /// <summary>
    /// What each journal entry other than ours paid of one payable: the family items it posted less those it cleared, per currency.
    /// A line that a payment both posts and clears (its own clearing line, should SAP give it an invoice reference) nets to nothing.
    /// </summary>
    public static IEnumerable<(string Document, DateOnly Date, string Currency, decimal Amount)> Paid(string ours, IReadOnlyList<S4HanaPaymentItem> family)
    {
        var posted = family.Where(f => f.Item.DocumentNumber != ours).Select(f => (Document: f.Item.DocumentNumber, f.Item.Currency, f.Item.Amount, Date: f.Item.PostingDate, Clears: false));
        var cleared = family.Where(f => f.Cleared is { } c && c.Document != ours).Select(f => (f.Cleared!.Document, f.Item.Currency, Amount: -f.Item.Amount, f.Cleared.Date, Clears: true));
        return posted.Concat(cleared)
            .GroupBy(p => (p.Document, p.Currency))
            .Select(g => (g.Key.Document, g.Any(p => p.Clears) ? g.Where(p => p.Clears).Max(p => p.Date) : g.Max(p => p.Date), g.Key.Currency, g.Sum(p => p.Amount)));
    }

    private static void Add(Dictionary<S4HanaItemKey, S4HanaPaymentItem> items, IEnumerable<S4HanaPaymentItem> rows)
    {
        // A reversed entry and its reversal pay nothing.
        foreach (var row in rows.Where(r => !r.Item.Reversed))
        {
            items[row.Key] = row;
        }
    }

    /// <summary>Reads the journal entries that items refer to and were not read yet, link by link (a residual item may refer to an earlier residual).</summary>
    private async Task ReadReferredAsync(Dictionary<S4HanaItemKey, S4HanaPaymentItem> items, CancellationToken cancellationToken)
    {
        var read = new HashSet<(string, string)>();
        for (var link = 0; link < MaxLinks; link++)
        {
            var missing = items.Values.Select(i => i.InvoiceReference).OfType<S4HanaItemKey>()
                .Where(k => !items.ContainsKey(k) && !read.Contains(k.Entry))
                .DistinctBy(k => k.Entry)
                .ToList();
            if (missing.Count == 0)
            {
                return;
            }

            foreach (var chunk in missing.Chunk(KeysPerRead))
            {
                var entries = string.Join(" or ", chunk.Select(k =>
                    $"(AccountingDocument eq {S4HanaODataReads.Literal(k.StoredAccountingDocument)} and FiscalYear eq {S4HanaODataReads.Literal(k.FiscalYear)})"));
                Add(items, await reads.PaymentItemsAsync($"({entries})", cancellationToken));
                read.UnionWith(chunk.Select(k => k.Entry));
            }
        }
    }

    /// <summary>The payable item (a credit of an entry whose DocumentReferenceID starts <c>FF</c>) an item belongs to; null for none.</summary>
    private static S4HanaItemKey? Root(Dictionary<S4HanaItemKey, S4HanaPaymentItem> items, S4HanaPaymentItem item)
    {
        var current = item;
        for (var link = 0; link <= MaxLinks; link++)
        {
            if (current.Item.DocumentReferenceId?.StartsWith("FF", StringComparison.Ordinal) == true)
            {
                return current.Item.Amount < 0m ? current.Key : null;
            }

            if (current.InvoiceReference is not { } to || !items.TryGetValue(to, out var next))
            {
                return null;
            }

            current = next;
        }

        return null;
    }

    /// <summary>Our reference of a paid entry: from the texts of its items read, or (a reference of over 50 characters) from all its items.</summary>
    private async Task<string?> ReferenceAsync(IReadOnlyList<S4HanaDocumentItem> entry, CancellationToken cancellationToken)
    {
        var first = entry[0];
        if (S4HanaReference.Recover(first.DocumentReferenceId, entry.Select(i => i.ItemText)) is { } reference)
        {
            return reference;
        }

        var rows = await reads.ItemsAsync($"DocumentReferenceID eq {S4HanaODataReads.Literal(first.DocumentReferenceId!)}", cancellationToken);
        return S4HanaBooks.Documents(rows).FirstOrDefault(d => d.DocumentNumber == first.DocumentNumber)?.Reference;
    }
}
