using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace FinanceFlow.Connectors.S4Hana;

/// <summary>One Log item of a JournalEntryBulkCreateConfirmation: its message class and number (e.g. <c>507(F5)</c>), severity and text.</summary>
/// <param name="Severity">1 information, 2 warning, 3 error (not posted), 4 termination (rolled back).</param>
public sealed record S4HanaLogItem(string? TypeId, int Severity, string Note)
{
    public override string ToString() => TypeId is null ? Note : $"{TypeId} {Note}";
}

/// <summary>
/// What the service answered: the journal entry's confirmation (AccountingDocument, CompanyCode, FiscalYear) and its Log, or a
/// SOAP fault (<see cref="FaultCode"/> and <see cref="FaultReason"/>).
/// </summary>
public sealed record S4HanaConfirmation(
    string? AccountingDocument, string? CompanyCode, string? FiscalYear, int MaximumSeverity, IReadOnlyList<S4HanaLogItem> Log, string? FaultCode = null, string? FaultReason = null)
{
    public const int Warning = 2;
    public const int Error = 3;
    public const int Termination = 4;

    public bool IsFault => FaultCode is not null;

    /// <summary>True when SAP named a document: not blank and not all zeros (the error sample answers <c> </c> and <c>0000</c>).</summary>
    public bool HasDocument => !string.IsNullOrWhiteSpace(AccountingDocument) && AccountingDocument.Trim().Any(c => c != '0')
        && !string.IsNullOrWhiteSpace(FiscalYear) && FiscalYear.Trim().Any(c => c != '0');

    /// <summary>Reads a SOAP 1.1 or 1.2 envelope holding a JournalEntryBulkCreateConfirmation or a fault.</summary>
    /// <exception cref="FormatException">Neither could be read from <paramref name="body"/>.</exception>
    public static S4HanaConfirmation Parse(string body)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(body);
        }
        catch (XmlException ex)
        {
            throw new FormatException($"not XML ({ex.Message})", ex);
        }

        var fault = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Fault");
        if (fault is not null)
        {
            // SOAP 1.2: Code/Value and Reason/Text; SOAP 1.1: faultcode and faultstring.
            var code = Child(Child(fault, "Code"), "Value")?.Value ?? Child(fault, "faultcode")?.Value ?? "Fault";
            var reason = Child(Child(fault, "Reason"), "Text")?.Value ?? Child(fault, "faultstring")?.Value ?? fault.Value;
            return new S4HanaConfirmation(null, null, null, Error, [], code.Trim(), reason.Trim());
        }

        var bulk = document.Descendants(XName.Get("JournalEntryBulkCreateConfirmation", S4HanaJournalRequest.SfinNamespace)).FirstOrDefault()
            ?? throw new FormatException("no JournalEntryBulkCreateConfirmation in the answer");

        // One entry per request, so one confirmation; the bulk Log speaks when SAP refused the message as a whole.
        var entry = Child(bulk, "JournalEntryCreateConfirmation");
        var log = LogItems(Child(entry, "Log")).Concat(LogItems(Child(bulk, "Log"))).ToList();
        var declared = new[] { Child(entry, "Log"), Child(bulk, "Log") }
            .Select(l => int.TryParse(Child(l, "MaximumLogItemSeverityCode")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0);
        var maximum = declared.Concat(log.Select(i => i.Severity)).DefaultIfEmpty(0).Max();
        var confirmed = Child(entry, "JournalEntryCreateConfirmation");
        return new S4HanaConfirmation(
            Child(confirmed, "AccountingDocument")?.Value.Trim(), Child(confirmed, "CompanyCode")?.Value.Trim(), Child(confirmed, "FiscalYear")?.Value.Trim(), maximum, log);
    }

    /// <summary>The log items of <paramref name="severity"/>, each once, in the order SAP wrote them.</summary>
    public IReadOnlyList<S4HanaLogItem> Items(int severity) => [.. Log.Where(i => i.Severity == severity).Distinct()];

    private static IEnumerable<S4HanaLogItem> LogItems(XElement? log) =>
        log is null
            ? []
            : log.Elements("Item").Select(i => new S4HanaLogItem(
                Child(i, "TypeID")?.Value.Trim() is { Length: > 0 } type ? type : null,
                int.TryParse(Child(i, "SeverityCode")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var severity) ? severity : 0,
                Child(i, "Note")?.Value.Trim() ?? string.Empty));

    private static XElement? Child(XElement? parent, string localName) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == localName);
}
