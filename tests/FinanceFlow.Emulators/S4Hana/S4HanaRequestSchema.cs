using System.Globalization;
using System.Xml.Linq;

namespace FinanceFlow.Emulators.S4Hana;

/// <summary>
/// The parts of the WSDL's schema the emulated service enforces (SAP's proxy refuses such a message with a SOAP fault): required
/// elements, maximum lengths, unqualified child elements, dates, amounts with a currencyCode, debit/credit codes.
/// </summary>
public static class S4HanaRequestSchema
{
    private static readonly (string Name, int MaxLength, bool Required)[] JournalEntryFields =
    [
        ("OriginalReferenceDocumentType", 5, true),
        ("BusinessTransactionType", 4, true),
        ("AccountingDocumentType", 5, true),
        ("DocumentReferenceID", 16, false),
        ("DocumentHeaderText", 25, false),
        ("CreatedByUser", 12, true),
        ("CompanyCode", 4, true),
        ("DocumentDate", 10, true),
        ("PostingDate", 10, true),
    ];

    /// <summary>The first violation in a JournalEntryBulkCreateRequest; null when it is valid.</summary>
    public static string? Problem(XElement bulk)
    {
        if (bulk.Descendants().FirstOrDefault(e => e.Name.NamespaceName.Length > 0) is { } qualified)
        {
            return $"Element {qualified.Name} is qualified: the schema's child elements have no namespace.";
        }

        if (Header(bulk, "JournalEntryBulkCreateRequest") is { } header)
        {
            return header;
        }

        var requests = bulk.Elements("JournalEntryCreateRequest").ToList();
        if (requests.Count == 0)
        {
            return "JournalEntryBulkCreateRequest holds no JournalEntryCreateRequest.";
        }

        foreach (var request in requests)
        {
            if ((Header(request, "JournalEntryCreateRequest") ?? JournalEntry(request.Element("JournalEntry"))) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? Header(XElement parent, string what)
    {
        var header = parent.Element("MessageHeader");
        if (header is null)
        {
            return $"{what} has no MessageHeader.";
        }

        if (header.Element("ID")?.Value is { Length: > 35 } id)
        {
            return $"{what}/MessageHeader/ID '{id}' is longer than 35 characters.";
        }

        return DateTimeOffset.TryParse(header.Element("CreationDateTime")?.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _) && header.Element("CreationDateTime")!.Value.EndsWith('Z')
            ? null
            : $"{what}/MessageHeader/CreationDateTime is missing or not a UTC date-time.";
    }

    private static string? JournalEntry(XElement? journal)
    {
        if (journal is null)
        {
            return "JournalEntryCreateRequest has no JournalEntry.";
        }

        foreach (var (name, maxLength, required) in JournalEntryFields)
        {
            var value = journal.Element(name)?.Value;
            if (value is null && required)
            {
                return $"JournalEntry/{name} is required.";
            }

            if (value is { } v && v.Length > maxLength)
            {
                return string.Create(CultureInfo.InvariantCulture, $"JournalEntry/{name} '{v}' is longer than {maxLength} characters.");
            }
        }

        foreach (var date in new[] { "DocumentDate", "PostingDate" })
        {
            if (!DateOnly.TryParseExact(journal.Element(date)!.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return $"JournalEntry/{date} '{journal.Element(date)!.Value}' is not a date (yyyy-MM-dd).";
            }
        }

        var items = journal.Elements("Item").ToList();
        if (items.Count == 0)
        {
            return "JournalEntry has no Item.";
        }

        foreach (var item in items)
        {
            if (Item(item) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? Item(XElement item)
    {
        var account = item.Element("GLAccount")?.Value;
        var amount = item.Element("AmountInTransactionCurrency");
        var problem = account switch
        {
            null or "" => "Item/GLAccount is required.",
            { Length: > 10 } => $"Item/GLAccount '{account}' is longer than 10 characters.",
            _ => null,
        };
        problem ??= amount is null
            ? "Item/AmountInTransactionCurrency is required."
            : amount.Attribute("currencyCode")?.Value is not { Length: 3 }
                ? "Item/AmountInTransactionCurrency needs a three-letter currencyCode attribute."
                : !decimal.TryParse(amount.Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || decimal.Round(value, 6) != value
                    ? $"Item/AmountInTransactionCurrency '{amount.Value}' is not a decimal with at most 6 fraction digits."
                    : null;
        problem ??= item.Element("DebitCreditCode")?.Value is { } code && code is not ("S" or "H") ? $"Item/DebitCreditCode '{code}' is not S or H." : null;
        problem ??= item.Element("DocumentItemText")?.Value is { Length: > 50 } text ? $"Item/DocumentItemText '{text}' is longer than 50 characters." : null;
        problem ??= item.Element("AccountAssignment")?.Element("CostCenter")?.Value is { Length: > 10 } costCenter ? $"Item/AccountAssignment/CostCenter '{costCenter}' is longer than 10 characters." : null;
        return problem ?? (item.Element("AccountAssignment")?.Element("WBSElement")?.Value is { Length: > 24 } wbs ? $"Item/AccountAssignment/WBSElement '{wbs}' is longer than 24 characters." : null);
    }
}
