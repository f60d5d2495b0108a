using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Xml.Linq;
using FinanceFlow.Emulators.Erp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Emulators.S4Hana;

/// <summary>
/// SAP S/4HANA Cloud as FinanceFlow uses it, on <see cref="ErpEmulatorHost"/>: the synchronous JournalEntryCreateRequestConfirmation_In
/// SOAP service (SOAP 1.1 or 1.2, answering JournalEntryBulkCreateConfirmation in the shape of the captured samples in
/// <c>shared/reference/sap-s4hana</c>), the read-back API_OPLACCTGDOCITEMCUBE_SRV and the chart of accounts of
/// API_JOURNALENTRYITEMBASIC_SRV (OData V2 JSON). It checks what SAP checks that matters here: the schema's required elements
/// and lengths (a SOAP fault), and company code, known G/L accounts, open period, balance per currency and amount signs
/// (Log items of severity 3). <see cref="ReadLag"/> makes new entries appear in the cube only after that many reads.
/// </summary>
public sealed partial class S4HanaEmulator : IAsyncDisposable
{
    public const string SoapPath = "/sap/bc/srt/scs_ext/sap/journalentrycreaterequestconfi";
    public const string CubePath = "/sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV/A_OperationalAcctgDocItemCube";
    public const string GLAccountServicePath = "/sap/opu/odata/sap/API_JOURNALENTRYITEMBASIC_SRV";
    public const string LogicalSystem = "EMULATOR";

    private const string Sfin = "http://sap.com/xi/SAPSCORE/SFIN";
    private const string Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private const string Soap12 = "http://www.w3.org/2003/05/soap-envelope";

    private readonly Lock _lock = new();
    private readonly List<S4HanaEmulatedEntry> _entries = [];
    private readonly Dictionary<(string CompanyCode, string Year), int> _numbers = [];

    private S4HanaEmulator()
    {
    }

    public ErpEmulatorHost Host { get; private set; } = null!;

    /// <summary>The API host root, what <c>BaseUrl</c> takes.</summary>
    public string BaseUrl => Host.Root;

    /// <summary>Company codes and their chart of accounts.</summary>
    public ConcurrentDictionary<string, string> CompanyCodes { get; } = new(StringComparer.Ordinal) { ["1010"] = "YCOA" };

    /// <summary>The G/L accounts of chart YCOA (as posted, without leading zeros).</summary>
    public ConcurrentDictionary<string, bool> GLAccounts { get; } = new(
        new[] { "11001000", "15410000", "21710000", "21720000", "61001000", "61008000", "63001000" }.ToDictionary(a => a, _ => true), StringComparer.Ordinal);

    /// <summary>Accounts blocked for posting (listed by the chart, refused by a posting).</summary>
    public ConcurrentDictionary<string, bool> BlockedAccounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Closed posting periods: company code and first day of the month.</summary>
    public ConcurrentDictionary<(string CompanyCode, DateOnly Month), bool> ClosedPeriods { get; } = new();

    /// <summary>How many reads of the cube a new entry stays invisible for (SAP's read-back lag).</summary>
    public int ReadLag { get; set; }

    /// <summary>The most rows one OData page holds; more follow through <c>__next</c>.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>Every posted entry, in posting order.</summary>
    public IReadOnlyList<S4HanaEmulatedEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public ErpFaultPlan Faults => Host.Faults;

    /// <summary>How many entries of <paramref name="companyCode"/> carry <paramref name="documentReferenceId"/>: one, for exactly once.</summary>
    public int Count(string documentReferenceId, string companyCode = "1010") =>
        Entries.Count(e => e.DocumentReferenceId == documentReferenceId && e.CompanyCode == companyCode);

    /// <summary>The SOAP requests received (bodies), in arrival order.</summary>
    public IReadOnlyList<XDocument> SoapRequests => [.. Host.Calls.Where(c => c.PathAndQuery.StartsWith(SoapPath, StringComparison.Ordinal)).Select(c => XDocument.Parse(c.Body))];

    public static async Task<S4HanaEmulator> StartAsync()
    {
        var emulator = new S4HanaEmulator();
        emulator.Host = await ErpEmulatorHost.StartAsync(emulator.Map, WriteErrorAsync);
        return emulator;
    }

    /// <summary>Posts an entry as someone in SAP would (e.g. by hand with our reference), skipping the checks.</summary>
    public S4HanaEmulatedEntry Add(string companyCode, string? documentReferenceId, DateOnly postingDate, IReadOnlyList<S4HanaEmulatedItem> items, string? headerText = null)
    {
        lock (_lock)
        {
            var entry = new S4HanaEmulatedEntry(
                companyCode, Year(postingDate), NextNumber(companyCode, Year(postingDate)), documentReferenceId, headerText, "SA", postingDate, postingDate, "CB9980000001", items, DateTimeOffset.UtcNow);
            _entries.Add(entry);
            return entry;
        }
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    private void Map(WebApplication app)
    {
        app.MapPost(SoapPath, PostSoapAsync);
        app.MapGet(CubePath, ReadCubeAsync);
        app.MapGet(GLAccountServicePath + "/A_CompanyCode({key})", ReadCompanyCodeAsync);
        app.MapGet(GLAccountServicePath + "/A_GLAccountInChartOfAccounts", ReadAccountsAsync);
    }

    private async Task PostSoapAsync(HttpContext context)
    {
        var body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted);
        XDocument request;
        try
        {
            request = XDocument.Parse(body);
        }
        catch (System.Xml.XmlException ex)
        {
            await WriteFaultAsync(context, Soap12, sender: true, $"The request is not XML: {ex.Message}");
            return;
        }

        var soap = request.Root?.Name.NamespaceName is Soap11 or Soap12 && request.Root.Name.LocalName == "Envelope" ? request.Root.Name.NamespaceName : null;
        var bulk = soap is null ? null : request.Root!.Element(XName.Get("Body", soap))?.Element(XName.Get("JournalEntryBulkCreateRequest", Sfin));
        if (bulk is null)
        {
            await WriteFaultAsync(context, soap ?? Soap12, sender: true, "No SOAP envelope with a JournalEntryBulkCreateRequest of namespace " + Sfin + ".");
            return;
        }

        if (S4HanaRequestSchema.Problem(bulk) is { } schemaProblem)
        {
            await WriteFaultAsync(context, soap!, sender: true, schemaProblem);
            return;
        }

        var confirmations = bulk.Elements("JournalEntryCreateRequest").Select(Post).ToList();
        var header = bulk.Element("MessageHeader")!;
        var answer = new XElement(
            XName.Get("JournalEntryBulkCreateConfirmation", Sfin),
            new XAttribute(XNamespace.Xmlns + "n0", Sfin),
            MessageHeader(header.Element("ID")?.Value),
            new XElement("ConfirmationInterfaceOrignName"),
            confirmations,
            new XElement("Log"));
        await WriteEnvelopeAsync(context, soap!, StatusCodes.Status200OK, answer);
    }

    private XElement Post(XElement request)
    {
        var journal = request.Element("JournalEntry")!;
        var companyCode = journal.Element("CompanyCode")!.Value;
        var postingDate = DateOnly.ParseExact(journal.Element("PostingDate")!.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var items = journal.Elements("Item").Select((item, index) =>
        {
            var amount = item.Element("AmountInTransactionCurrency")!;
            var assignment = item.Element("AccountAssignment");
            return new S4HanaEmulatedItem(
                (index + 1).ToString("000", CultureInfo.InvariantCulture),
                item.Element("GLAccount")!.Value,
                amount.Attribute("currencyCode")!.Value,
                decimal.Parse(amount.Value, NumberStyles.Number, CultureInfo.InvariantCulture),
                item.Element("DebitCreditCode")?.Value ?? (amount.Value.StartsWith('-') ? "H" : "S"),
                item.Element("DocumentItemText")?.Value,
                assignment?.Element("CostCenter")?.Value,
                assignment?.Element("WBSElement")?.Value);
        }).ToList();

        var errors = Errors(companyCode, postingDate, items).ToList();
        var header = MessageHeader(request.Element("MessageHeader")?.Element("ID")?.Value);
        if (errors.Count > 0)
        {
            var log = new[] { LogItem("609(RW)", 3, $"Error in document: BKPFF $ {LogicalSystem}") }.Concat(errors.Select(e => LogItem(e.TypeId, 3, e.Note)));
            return new XElement(
                "JournalEntryCreateConfirmation",
                header,
                new XElement("JournalEntryCreateConfirmation", new XElement("AccountingDocument", " "), new XElement("CompanyCode", " "), new XElement("FiscalYear", "0000")),
                new XElement("Log", new XElement("MaximumLogItemSeverityCode", "3"), log));
        }

        S4HanaEmulatedEntry entry;
        lock (_lock)
        {
            var year = Year(postingDate);
            entry = new S4HanaEmulatedEntry(
                companyCode,
                year,
                NextNumber(companyCode, year),
                journal.Element("DocumentReferenceID")?.Value,
                journal.Element("DocumentHeaderText")?.Value,
                journal.Element("AccountingDocumentType")!.Value,
                postingDate,
                DateOnly.ParseExact(journal.Element("DocumentDate")!.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                journal.Element("CreatedByUser")!.Value,
                items,
                DateTimeOffset.UtcNow);
            entry.HiddenReads = ReadLag;
            _entries.Add(entry);
        }

        var key = entry.AccountingDocument + entry.CompanyCode + entry.FiscalYear;
        return new XElement(
            "JournalEntryCreateConfirmation",
            header,
            new XElement(
                "JournalEntryCreateConfirmation",
                new XElement("AccountingDocument", entry.AccountingDocument),
                new XElement("CompanyCode", entry.CompanyCode),
                new XElement("FiscalYear", entry.FiscalYear)),
            new XElement("Log", new XElement("MaximumLogItemSeverityCode", "1"), LogItem("605(RW)", 1, $"Document posted successfully: BKPFF {key} {LogicalSystem}")));
    }

    private IEnumerable<(string TypeId, string Note)> Errors(string companyCode, DateOnly postingDate, IReadOnlyList<S4HanaEmulatedItem> items)
    {
        if (!CompanyCodes.TryGetValue(companyCode, out var chart))
        {
            yield return ("165(F5)", $"Company code {companyCode} is not defined");
            yield break;
        }

        if (ClosedPeriods.ContainsKey((companyCode, new DateOnly(postingDate.Year, postingDate.Month, 1))))
        {
            yield return ("201(F5)", string.Create(CultureInfo.InvariantCulture, $"Posting period {postingDate.Month:000} {postingDate.Year} is not open"));
        }

        foreach (var item in items)
        {
            var account = item.GLAccount.TrimStart('0');
            if (!GLAccounts.ContainsKey(account))
            {
                yield return ("507(F5)", $"G/L account {item.GLAccount} is not defined in chart of accounts {chart}");
            }
            else if (BlockedAccounts.ContainsKey(account))
            {
                yield return ("351(F5)", $"Account {item.GLAccount} in company code {companyCode} is blocked for posting");
            }

            if ((item.DebitCreditCode == "S" && item.Amount < 0) || (item.DebitCreditCode == "H" && item.Amount > 0) || item.DebitCreditCode is not ("S" or "H"))
            {
                yield return ("014(FINS_ACDOC)", string.Create(CultureInfo.InvariantCulture, $"Item {item.Item}: amount {item.Amount} does not match debit/credit code {item.DebitCreditCode}"));
            }
        }

        foreach (var currency in items.GroupBy(i => i.Currency).Where(g => g.Sum(i => i.Amount) != 0m))
        {
            yield return ("702(F5)", string.Create(CultureInfo.InvariantCulture, $"Balance in transaction currency {currency.Key} {currency.Sum(i => i.Amount):0.00}"));
        }
    }

    private string NextNumber(string companyCode, string year)
    {
        var next = _numbers.GetValueOrDefault((companyCode, year)) + 1;
        _numbers[(companyCode, year)] = next;
        return (100_000_000 + next).ToString("0000000000", CultureInfo.InvariantCulture);
    }

    private static string Year(DateOnly date) => date.Year.ToString("0000", CultureInfo.InvariantCulture);

    private static XElement MessageHeader(string? referenceId) => new(
        "MessageHeader",
        new XElement("UUID", Guid.NewGuid().ToString()),
        referenceId is null ? null : new XElement("ReferenceID", referenceId),
        new XElement("CreationDateTime", DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)),
        new XElement("SenderBusinessSystemID", LogicalSystem));

    private static XElement LogItem(string typeId, int severity, string note) => new(
        "Item", new XElement("TypeID", typeId), new XElement("SeverityCode", severity.ToString(CultureInfo.InvariantCulture)), new XElement("Note", note));

    private static async Task WriteEnvelopeAsync(HttpContext context, string soap, int status, XElement body)
    {
        var envelope = new XElement(XName.Get("Envelope", soap), new XAttribute(XNamespace.Xmlns + "env", soap), new XElement(XName.Get("Header", soap)), new XElement(XName.Get("Body", soap), body));
        context.Response.StatusCode = status;
        context.Response.ContentType = soap == Soap12 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8";
        await context.Response.WriteAsync(envelope.ToString(SaveOptions.DisableFormatting), context.RequestAborted);
    }

    /// <summary>A SOAP fault: for SOAP 1.2 a Sender fault is 400 and a Receiver fault 500; SOAP 1.1 answers every fault with 500.</summary>
    private static Task WriteFaultAsync(HttpContext context, string soap, bool sender, string reason)
    {
        XNamespace env = soap;
        var fault = soap == Soap12
            ? new XElement(
                env + "Fault",
                new XElement(env + "Code", new XElement(env + "Value", sender ? "env:Sender" : "env:Receiver")),
                new XElement(env + "Reason", new XElement(env + "Text", new XAttribute(XNamespace.Xml + "lang", "en"), reason)))
            : new XElement(env + "Fault", new XElement("faultcode", sender ? "env:Client" : "env:Server"), new XElement("faultstring", reason));
        var status = soap == Soap12 && sender ? StatusCodes.Status400BadRequest : StatusCodes.Status500InternalServerError;
        return WriteEnvelopeAsync(context, soap, status, fault);
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        if (context.Request.Path.StartsWithSegments(SoapPath, StringComparison.Ordinal) && status >= 500)
        {
            await WriteEnvelopeAsync(
                context,
                Soap12,
                status,
                new XElement(
                    XName.Get("Fault", Soap12),
                    new XElement(XName.Get("Code", Soap12), new XElement(XName.Get("Value", Soap12), "env:Receiver")),
                    new XElement(XName.Get("Reason", Soap12), new XElement(XName.Get("Text", Soap12), message))));
            return;
        }

        if (context.Request.Path.StartsWithSegments("/sap/opu/odata", StringComparison.Ordinal))
        {
            await WriteODataErrorAsync(context, status, "/IWFND/CM_CONSUMER/" + status.ToString(CultureInfo.InvariantCulture), message);
            return;
        }

        // The ICF answers a refused logon or an overload with a short HTML page.
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"<html><head><title>{status}</title></head><body>{message}</body></html>", context.RequestAborted);
    }
}
