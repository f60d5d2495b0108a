using System.Globalization;

namespace FinanceFlow.Emulators.S4Hana;

/// <summary>How SAP books a part payment of an open item (the payment program's or the clearing transaction's choice).</summary>
public enum S4HanaPartPaymentMethod
{
    /// <summary>The item stays open; the payment posts an open debit item referring to it, cleared later with it.</summary>
    PartialPayment,

    /// <summary>The payment clears the item in full and posts a new open credit item (the residual) for the rest, referring to it.</summary>
    ResidualItem,
}

/// <summary>Payments as SAP books them on the payable of a journal entry: full clearings, part payments and residual items.</summary>
public sealed partial class S4HanaEmulator
{
    public const string BankAccount = "11001000";

    /// <summary>
    /// Pays what is still open of the payable of the entry carrying <paramref name="documentReferenceId"/> and clears it, as a payment run
    /// (F110) or a manual clearing would: the payment journal entry <paramref name="clearingDocument"/> credits the bank with the rest and
    /// clears the entry's open credit items, the open part-payment items and the open residual item that refer to them. With
    /// <paramref name="reversed"/> the clearing shows as reset (ClearingIsReversed) and no payment is posted.
    /// </summary>
    public void Clear(string documentReferenceId, string clearingDocument, DateOnly clearingDate, string companyCode = "1010", bool reversed = false)
    {
        lock (_lock)
        {
            var open = OpenFamily(companyCode, Payable(companyCode, documentReferenceId));
            var clearing = new S4HanaEmulatedClearing(clearingDocument, Year(clearingDate), clearingDate, reversed);
            var rest = -open.Sum(k => ItemAt(companyCode, k).Amount);
            foreach (var key in open)
            {
                Update(companyCode, key, i => i with { Clearing = clearing });
            }

            if (!reversed && rest > 0)
            {
                var payable = ItemAt(companyCode, open[0]);
                AddPayment(companyCode, clearingDocument, clearingDate, payable.Currency, [
                    new S4HanaEmulatedItem("001", BankAccount, payable.Currency, -rest, "H", null, null, null),
                    new S4HanaEmulatedItem("002", payable.GLAccount, payable.Currency, rest, "S", null, null, null, clearing),
                ]);
            }
        }
    }

    /// <summary>
    /// Pays <paramref name="amount"/> of what is open of the entry carrying <paramref name="documentReferenceId"/> with the payment journal
    /// entry <paramref name="paymentDocument"/>, booked by <paramref name="method"/>: a partial payment posts an open debit item referring to
    /// the payable; a residual item clears the open credit item (the payable, or the residual of an earlier part payment) and posts the
    /// rest as a new open credit item referring to the item it cleared.
    /// </summary>
    public S4HanaEmulatedEntry PayPart(
        string documentReferenceId, string paymentDocument, decimal amount, DateOnly paymentDate, S4HanaPartPaymentMethod method, string companyCode = "1010")
    {
        lock (_lock)
        {
            var payable = Payable(companyCode, documentReferenceId);
            var open = OpenFamily(companyCode, payable);
            var owed = -open.Sum(k => ItemAt(companyCode, k).Amount);
            if (amount <= 0m || amount >= owed)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"A part payment of {documentReferenceId} is more than 0 and less than the {owed} open."));
            }

            var first = ItemAt(companyCode, payable[0]);
            var bank = new S4HanaEmulatedItem("001", BankAccount, first.Currency, -amount, "H", null, null, null);
            if (method == S4HanaPartPaymentMethod.PartialPayment)
            {
                return AddPayment(companyCode, paymentDocument, paymentDate, first.Currency, [
                    bank, new S4HanaEmulatedItem("002", first.GLAccount, first.Currency, amount, "S", null, null, null, InvoiceReference: payable[0]),
                ]);
            }

            var credit = open.SingleOrDefault(k => ItemAt(companyCode, k).Amount < 0)
                ?? throw new InvalidOperationException($"{documentReferenceId} has no single open credit item for a residual.");
            var cleared = ItemAt(companyCode, credit);
            var clearing = new S4HanaEmulatedClearing(paymentDocument, Year(paymentDate), paymentDate);
            Update(companyCode, credit, i => i with { Clearing = clearing });
            return AddPayment(companyCode, paymentDocument, paymentDate, first.Currency, [
                bank,
                new S4HanaEmulatedItem("002", cleared.GLAccount, cleared.Currency, -cleared.Amount, "S", null, null, null, clearing),
                new S4HanaEmulatedItem("003", cleared.GLAccount, cleared.Currency, cleared.Amount + amount, "H", null, null, null, InvoiceReference: credit),
            ]);
        }
    }

    /// <summary>The credit items (the payable) of the entry carrying <paramref name="documentReferenceId"/>.</summary>
    private List<S4HanaEmulatedItemKey> Payable(string companyCode, string documentReferenceId)
    {
        var entry = _entries.Find(e => e.CompanyCode == companyCode && e.DocumentReferenceId == documentReferenceId)
            ?? throw new InvalidOperationException($"No entry of company code {companyCode} carries {documentReferenceId}.");
        return [.. entry.Items.Where(i => i.Amount < 0).Select(i => new S4HanaEmulatedItemKey(entry.AccountingDocument, entry.FiscalYear, i.Item))];
    }

    /// <summary>The open items among the payable and every item referring to it (directly or through a residual item).</summary>
    private List<S4HanaEmulatedItemKey> OpenFamily(string companyCode, List<S4HanaEmulatedItemKey> payable)
    {
        var family = new List<S4HanaEmulatedItemKey>(payable);
        for (var added = true; added;)
        {
            var more = _entries.Where(e => e.CompanyCode == companyCode)
                .SelectMany(e => e.Items.Select(i => (Key: new S4HanaEmulatedItemKey(e.AccountingDocument, e.FiscalYear, i.Item), i.InvoiceReference)))
                .Where(x => x.InvoiceReference is { } to && family.Contains(to) && !family.Contains(x.Key))
                .Select(x => x.Key)
                .ToList();
            family.AddRange(more);
            added = more.Count > 0;
        }

        return [.. family.Where(k => ItemAt(companyCode, k).Clearing is null or { IsReversed: true })];
    }

    private S4HanaEmulatedItem ItemAt(string companyCode, S4HanaEmulatedItemKey key) =>
        _entries.Single(e => e.CompanyCode == companyCode && e.AccountingDocument == key.AccountingDocument && e.FiscalYear == key.FiscalYear).Items.Single(i => i.Item == key.Item);

    private void Update(string companyCode, S4HanaEmulatedItemKey key, Func<S4HanaEmulatedItem, S4HanaEmulatedItem> change)
    {
        var index = _entries.FindIndex(e => e.CompanyCode == companyCode && e.AccountingDocument == key.AccountingDocument && e.FiscalYear == key.FiscalYear);
        var entry = _entries[index];
        _entries[index] = entry with { Items = [.. entry.Items.Select(i => i.Item == key.Item ? change(i) : i)] };
    }

    private S4HanaEmulatedEntry AddPayment(string companyCode, string document, DateOnly date, string currency, IReadOnlyList<S4HanaEmulatedItem> items)
    {
        if (_entries.Any(e => e.CompanyCode == companyCode && e.AccountingDocument == document && e.FiscalYear == Year(date)))
        {
            throw new InvalidOperationException($"Journal entry {document} of {companyCode} {Year(date)} exists already.");
        }

        var entry = new S4HanaEmulatedEntry(companyCode, Year(date), document, null, "Payment " + currency, "ZP", date, date, "CB9980000001", items, DateTimeOffset.UtcNow);
        _entries.Add(entry);
        return entry;
    }
}
