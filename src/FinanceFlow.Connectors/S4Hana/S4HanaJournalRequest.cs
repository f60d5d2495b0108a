using System.Globalization;
using System.Xml.Linq;
using FinanceFlow.Core.Journal;

namespace FinanceFlow.Connectors.S4Hana;

/// <summary>
/// The JournalEntryBulkCreateRequest (namespace <c>http://sap.com/xi/SAPSCORE/SFIN</c>, unqualified child elements, in the
/// WSDL's element order) carrying one journal entry, in a SOAP 1.2 envelope. One entry per message, so one report's rejection
/// never holds back another's.
/// </summary>
public static class S4HanaJournalRequest
{
    public const string SfinNamespace = "http://sap.com/xi/SAPSCORE/SFIN";
    public const string Soap12Namespace = "http://www.w3.org/2003/05/soap-envelope";
    public const string SoapAction = "http://sap.com/xi/SAPSCORE/SFIN/JournalEntryCreateRequestConfirmation_In/JournalEntryCreateRequestConfirmation_InRequest";

    /// <summary>Why <paramref name="entry"/> cannot be sent as it is (a field longer than the WSDL allows, nothing to book); null when it can.</summary>
    public static string? Problem(JournalEntry entry)
    {
        var lines = Booked(entry);
        if (!entry.IsBalanced || lines.Count < 2)
        {
            return string.Create(
                CultureInfo.InvariantCulture, $"the entry does not balance or books fewer than two lines (debits {entry.TotalDebit} {entry.Currency}, credits {entry.TotalCredit} {entry.Currency}).");
        }

        if (entry.Currency.Length != 3)
        {
            return $"currency '{entry.Currency}' is not a three-letter code.";
        }

        if (S4HanaReference.ItemsNeeded(entry.ExternalReference) > lines.Count)
        {
            return $"reference {entry.ExternalReference} needs {S4HanaReference.ItemsNeeded(entry.ExternalReference)} items to carry it, the entry has {lines.Count}.";
        }

        foreach (var line in lines)
        {
            var problem = TooLong("G/L account", line.Account, 10) ?? TooLong("cost center", line.CostCenter, 10) ?? TooLong("WBS element", line.Project, 24);
            if (problem is not null)
            {
                return problem;
            }

            if (decimal.Round(line.Debit - line.Credit, 6) != line.Debit - line.Credit)
            {
                return string.Create(CultureInfo.InvariantCulture, $"amount {line.Debit - line.Credit} on {line.Account} has more than 6 decimals.");
            }
        }

        return null;
    }

    /// <summary>The lines that book something, in journal order: they become items 1, 2, … .</summary>
    public static IReadOnlyList<JournalLine> Booked(JournalEntry entry) => [.. entry.Lines.Where(l => l.Debit - l.Credit != 0m)];

    /// <param name="messageId">The message header ID (up to 35 characters).</param>
    public static string Build(JournalEntry entry, S4HanaOptions options, string messageId, DateTimeOffset now)
    {
        var created = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        var sfin = XNamespace.Get(SfinNamespace);
        var env = XNamespace.Get(Soap12Namespace);
        var items = Booked(entry).Select((line, index) => Item(entry, line, index));
        var journal = new XElement(
            "JournalEntry",
            new XElement("OriginalReferenceDocumentType", "BKPFF"),
            new XElement("BusinessTransactionType", "RFBU"),
            new XElement("AccountingDocumentType", options.AccountingDocumentType),
            new XElement("DocumentReferenceID", S4HanaReference.DocumentReferenceId(entry.ExternalReference)),
            string.IsNullOrWhiteSpace(entry.Description) ? null : new XElement("DocumentHeaderText", Cut(entry.Description.Trim(), 25)),
            new XElement("CreatedByUser", options.CreatedByUser),
            new XElement("CompanyCode", options.CompanyCode),
            new XElement("DocumentDate", Date(entry.AccountingDate)),
            new XElement("PostingDate", Date(entry.AccountingDate)),
            items);
        var request = new XElement(
            sfin + "JournalEntryBulkCreateRequest",
            new XAttribute(XNamespace.Xmlns + "sfin", SfinNamespace),
            Header(messageId, created),
            new XElement("JournalEntryCreateRequest", Header(messageId + "-1", created), journal));
        var envelope = new XElement(env + "Envelope", new XAttribute(XNamespace.Xmlns + "env", Soap12Namespace), new XElement(env + "Header"), new XElement(env + "Body", request));
        return new XDeclaration("1.0", "utf-8", null) + Environment.NewLine + envelope.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>A message ID SAP's monitor shows: the DocumentReferenceID and the send time (unique per send; with the item suffix <c>-1</c> at most the 35 characters the WSDL allows).</summary>
    public static string MessageId(JournalEntry entry, DateTimeOffset now) =>
        S4HanaReference.DocumentReferenceId(entry.ExternalReference) + "-" + now.UtcDateTime.ToString("yyyyMMddHHmmssff", CultureInfo.InvariantCulture);

    /// <summary>An amount as the WSDL's decimal (up to 6 decimals, at least 2), invariant culture.</summary>
    public static string Amount(decimal amount) => amount.ToString("0.00####", CultureInfo.InvariantCulture);

    private static XElement Header(string id, string created) => new("MessageHeader", new XElement("ID", id), new XElement("CreationDateTime", created));

    private static XElement Item(JournalEntry entry, JournalLine line, int index)
    {
        var amount = line.Debit - line.Credit;
        var assignment = new XElement(
            "AccountAssignment",
            string.IsNullOrWhiteSpace(line.CostCenter) ? null : new XElement("CostCenter", line.CostCenter),
            string.IsNullOrWhiteSpace(line.Project) ? null : new XElement("WBSElement", line.Project));
        return new XElement(
            "Item",
            new XElement("ReferenceDocumentItem", (index + 1).ToString(CultureInfo.InvariantCulture)),
            new XElement("GLAccount", line.Account),
            new XElement("AmountInTransactionCurrency", new XAttribute("currencyCode", entry.Currency), Amount(amount)),
            new XElement("DebitCreditCode", amount > 0 ? "S" : "H"),
            new XElement("DocumentItemText", S4HanaReference.ItemText(entry.ExternalReference, index)),
            assignment.HasElements ? assignment : null);
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];

    private static string? TooLong(string what, string? value, int length) =>
        value is { } v && v.Length > length ? $"{what} '{v}' is longer than the {length} characters SAP S/4HANA takes." : null;
}
