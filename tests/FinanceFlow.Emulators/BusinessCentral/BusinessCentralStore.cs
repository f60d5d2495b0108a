using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace FinanceFlow.Emulators.BusinessCentral;

/// <summary>An emulated answer: status and JSON body (none for 204).</summary>
public sealed record BusinessCentralAnswer(int Status, JsonNode? Body);

/// <summary>
/// One Business Central company in memory, with the validation that matters to a posting: known and unblocked G/L accounts,
/// Code/Text field lengths, balance per document number, allowed posting dates, unique vendor invoice numbers per vendor.
/// </summary>
public sealed partial class BusinessCentralStore(Guid companyId)
{
    public const int MaxBatchOperations = 100;

    private readonly List<JsonObject> _accounts = [];
    private readonly List<JsonObject> _journals = [];
    private readonly List<JsonObject> _journalLines = [];
    private readonly List<JsonObject> _ledgerEntries = [];
    private readonly List<JsonObject> _invoices = [];
    private readonly HashSet<string> _vendors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _postedDocuments = new(StringComparer.Ordinal);
    private int _nextInvoice = 108001;
    private int _nextPostedInvoice = 108001;

    public Lock Gate { get; } = new();

    public Guid CompanyId => companyId;

    /// <summary>The first date postings are allowed on (General Ledger Setup "Allow Posting From"); earlier is a closed period.</summary>
    public DateOnly AllowPostingFrom { get; set; } = new(2000, 1, 1);

    /// <summary>Entities per page of a collection read; more follow by <c>@odata.nextLink</c>.</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>The G/L account a posted purchase invoice credits (the vendor posting group's payables account).</summary>
    public string VendorPayablesAccount { get; set; } = "2110";

    public void AddAccount(string number, string displayName, bool blocked = false, string accountType = "Posting")
    {
        lock (Gate)
        {
            _accounts.Add(new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["number"] = number,
                ["displayName"] = displayName,
                ["category"] = "Expense",
                ["subCategory"] = string.Empty,
                ["blocked"] = blocked,
                ["accountType"] = accountType,
                ["directPosting"] = true,
                ["netChange"] = 0m,
                ["lastModifiedDateTime"] = Now(),
            });
        }
    }

    /// <summary>A journal batch (bc-v2-journal-create-response.http); its id.</summary>
    public Guid AddJournal(string code)
    {
        var id = Guid.NewGuid();
        lock (Gate)
        {
            _journals.Add(new JsonObject { ["id"] = id.ToString(), ["code"] = code, ["displayName"] = code, ["templateDisplayName"] = "GENERAL", ["lastModifiedDateTime"] = Now() });
        }

        return id;
    }

    public void AddVendor(string number)
    {
        lock (Gate)
        {
            _vendors.Add(number);
        }
    }

    /// <summary>How many times a document number was posted to the G/L (exactly-once proofs).</summary>
    public int Posted(string documentNumber)
    {
        lock (Gate)
        {
            return _postedDocuments.GetValueOrDefault(documentNumber);
        }
    }

    /// <summary>How many posted invoices carry a vendor invoice number.</summary>
    public int PostedInvoices(string vendorInvoiceNumber)
    {
        lock (Gate)
        {
            return _invoices.Count(i => Text(i, "vendorInvoiceNumber") == vendorInvoiceNumber && Text(i, "status") != "Draft");
        }
    }

    /// <summary>Marks the posted invoice with this vendor invoice number <c>Paid</c>, as applying a payment that closes it does.</summary>
    public void MarkPaid(string vendorInvoiceNumber)
    {
        lock (Gate)
        {
            var invoice = _invoices.Single(i => Text(i, "vendorInvoiceNumber") == vendorInvoiceNumber && Text(i, "status") == "Open");
            invoice["status"] = "Paid";
            invoice["lastModifiedDateTime"] = Now();
        }
    }

    public IReadOnlyList<JsonObject> JournalLines => Snapshot(_journalLines);

    public IReadOnlyList<JsonObject> LedgerEntries => Snapshot(_ledgerEntries);

    public IReadOnlyList<JsonObject> PurchaseInvoices => Snapshot(_invoices);

    /// <summary>One call: <paramref name="path"/> below <c>/api/v2.0/</c>; writes register their reversal in <paramref name="undo"/> inside a snapshot batch.</summary>
    public BusinessCentralAnswer Execute(string method, string path, string query, JsonNode? body, string baseUrl, List<Action>? undo)
    {
        var company = CompanyPath().Match(path);
        if (!company.Success)
        {
            return Error(404, "BadRequest_ResourceNotFound", $"Resource not found for the segment '{path.Split('/')[0]}'.");
        }

        if (!Guid.TryParse(company.Groups["company"].Value, out var id) || id != companyId)
        {
            return Error(404, "Internal_CompanyNotFound", "Can't process the request because the company can't be found.");
        }

        var rest = company.Groups["rest"].Value;
        var parameters = QueryHelpers.ParseQuery(query);
        var filter = parameters.TryGetValue("$filter", out var f) ? f.ToString() : null;
        var skip = parameters.TryGetValue("$skiptoken", out var s) ? int.Parse(s.ToString(), CultureInfo.InvariantCulture) : 0;
        var expand = parameters.TryGetValue("$expand", out var e) && e.ToString() == "purchaseInvoiceLines";
        var page = (IEnumerable<JsonObject> items) => Page(items, filter, skip, baseUrl + "/" + path, query);
        lock (Gate)
        {
            return (method.ToUpperInvariant(), rest) switch
            {
                ("GET", "accounts") => page(_accounts),
                ("GET", "journals") => page(_journals),
                ("GET", "generalLedgerEntries") => page(_ledgerEntries),
                ("GET", "purchaseInvoices") => page(_invoices.Select(i => Invoice(i, expand))),
                ("POST", "purchaseInvoices") => CreateInvoice(body, undo),
                ("GET", "documentAttachments") => page(ListedAttachments()),
                ("POST", "documentAttachments") => CreateAttachment(body, undo),
                _ when JournalPath().Match(rest) is { Success: true } journal => Journal(method, journal, page, body, undo),
                _ when InvoicePath().Match(rest) is { Success: true } invoice => InvoiceCall(method, invoice, expand, undo),
                _ => Error(404, "BadRequest_ResourceNotFound", $"Resource not found for the segment '{rest}'."),
            };
        }
    }

    public static BusinessCentralAnswer Error(int status, string code, string message) =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message + "  CorrelationId:  emulator." } });

    private BusinessCentralAnswer Journal(string method, Match match, Func<IEnumerable<JsonObject>, BusinessCentralAnswer> page, JsonNode? body, List<Action>? undo)
    {
        var journal = _journals.FirstOrDefault(j => Text(j, "id") == match.Groups["journal"].Value);
        if (journal is null)
        {
            return Error(404, "Internal_RecordNotFound", $"The Gen. Journal Batch does not exist. Identification fields and values: SystemId='{match.Groups["journal"].Value}'");
        }

        var lines = _journalLines.Where(l => Text(l, "journalId") == Text(journal, "id"));
        return (method.ToUpperInvariant(), match.Groups["action"].Value, match.Groups["line"].Value) switch
        {
            ("GET", "/journalLines", "") => page(lines),
            ("POST", "/journalLines", "") => CreateLine(journal, body, undo),
            ("DELETE", "/journalLines", var line) when line.Length > 0 => DeleteLine(line, undo),
            ("POST", "/Microsoft.NAV.post", "") => BusinessCentralPosting.PostJournal(this, journal, [.. lines]),
            _ => Error(405, "BadRequest_MethodNotAllowed", $"'{method}' requests are not allowed here."),
        };
    }

    private BusinessCentralAnswer CreateLine(JsonObject journal, JsonNode? body, List<Action>? undo)
    {
        if (body is not JsonObject input)
        {
            return Error(400, "BadRequest", "Invalid Request Body");
        }

        if ((Text(input, "accountType") is var type && type.Length > 0 ? type : "G/L Account") != "G/L Account")
        {
            return Error(400, "BadRequest", $"The emulator takes G/L Account lines only, not '{type}'.");
        }

        var account = Text(input, "accountNumber");
        if (Account(account) is null)
        {
            return Error(400, "Internal_InvalidTableRelation", $"The field Account No. of table Gen. Journal Line contains a value ({account}) that cannot be found in the related table (G/L Account).");
        }

        if ((Length(input, "documentNumber", 20) ?? Length(input, "externalDocumentNumber", 35) ?? Length(input, "description", 100) ?? Length(input, "comment", 250)) is { } tooLong)
        {
            return tooLong;
        }

        if (!DateOnly.TryParseExact(Text(input, "postingDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return Error(400, "BadRequest", "Unable to convert value to Date");
        }

        var journalId = Text(journal, "id");
        var lineNumber = _journalLines.Where(l => Text(l, "journalId") == journalId).Select(l => l["lineNumber"]!.GetValue<int>()).DefaultIfEmpty(0).Max() + 10000;
        var line = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["journalId"] = journalId,
            ["journalDisplayName"] = Text(journal, "code"),
            ["lineNumber"] = lineNumber,
            ["accountType"] = "G/L Account",
            ["accountId"] = Text(Account(account)!, "id"),
            ["accountNumber"] = account,
            ["postingDate"] = Text(input, "postingDate"),
            ["documentNumber"] = Text(input, "documentNumber").ToUpperInvariant(),
            ["externalDocumentNumber"] = Text(input, "externalDocumentNumber").ToUpperInvariant(),
            ["amount"] = input["amount"]?.GetValue<decimal>() ?? 0m,
            ["description"] = Text(input, "description"),
            ["comment"] = Text(input, "comment"),
            ["taxCode"] = string.Empty,
            ["balanceAccountType"] = "G/L Account",
            ["balancingAccountId"] = Guid.Empty.ToString(),
            ["balancingAccountNumber"] = string.Empty,
            ["lastModifiedDateTime"] = Now(),
        };
        _journalLines.Add(line);
        undo?.Add(() => _journalLines.Remove(line));
        return new BusinessCentralAnswer(201, line.DeepClone());
    }

    private BusinessCentralAnswer DeleteLine(string id, List<Action>? undo)
    {
        var line = _journalLines.FirstOrDefault(l => Text(l, "id") == id);
        if (line is null)
        {
            return Error(404, "Internal_RecordNotFound", $"The Gen. Journal Line does not exist. Identification fields and values: SystemId='{id}'");
        }

        _journalLines.Remove(line);
        undo?.Add(() => _journalLines.Add(line));
        return new BusinessCentralAnswer(204, null);
    }

    internal JsonObject? Account(string number) => _accounts.FirstOrDefault(a => Text(a, "number") == number);

    internal bool IsVendor(string number) => _vendors.Contains(number);

    internal void RemoveJournalLines(IEnumerable<JsonObject> lines)
    {
        foreach (var line in lines.ToList())
        {
            _journalLines.Remove(line);
        }
    }

    /// <summary>A G/L entry made outside FinanceFlow (a manual posting), for read-back tests.</summary>
    public void AddManualLedgerEntry(string postingDate, string documentNumber, string accountNumber, string description, decimal amount)
    {
        lock (Gate)
        {
            AddLedgerEntry(postingDate, documentNumber, accountNumber, description, amount);
        }
    }

    internal void AddLedgerEntry(string postingDate, string documentNumber, string accountNumber, string description, decimal amount) => _ledgerEntries.Add(new JsonObject
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["entryNumber"] = _ledgerEntries.Count + 1,
        ["postingDate"] = postingDate,
        ["documentNumber"] = documentNumber,
        ["documentType"] = " ",
        ["accountId"] = Text(Account(accountNumber) ?? new JsonObject(), "id"),
        ["accountNumber"] = accountNumber,
        ["description"] = description,
        ["debitAmount"] = amount > 0 ? amount : 0m,
        ["creditAmount"] = amount < 0 ? -amount : 0m,
        ["additionalCurrencyDebitAmount"] = 0m,
        ["additionalCurrencyCreditAmount"] = 0m,
        ["lastModifiedDateTime"] = Now(),
    });

    internal void CountPosted(string documentNumber) => _postedDocuments[documentNumber] = _postedDocuments.GetValueOrDefault(documentNumber) + 1;

    internal static string Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;

    internal static BusinessCentralAnswer? Length(JsonObject o, string name, int max) => Text(o, name) is { } value && value.Length > max
        ? Error(400, "Application_StringExceededLength", $"The length of the string is {value.Length}, but it must be less than or equal to {max} characters. Value: {value}")
        : null;

    internal static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private IReadOnlyList<JsonObject> Snapshot(List<JsonObject> items)
    {
        lock (Gate)
        {
            return [.. items.Select(i => (JsonObject)i.DeepClone())];
        }
    }

    private BusinessCentralAnswer Page(IEnumerable<JsonObject> items, string? filter, int skip, string url, string query)
    {
        List<JsonObject> matching;
        try
        {
            matching = [.. items.Where(i => BusinessCentralFilter.Matches(i, filter))];
        }
        catch (FormatException ex)
        {
            // Business Central's code for a query syntax error (not a missing record: that is Internal_RecordNotFound).
            return Error(400, "BadRequest_NotFound", ex.Message);
        }

        var value = new JsonArray([.. matching.Skip(skip).Take(PageSize).Select(i => i.DeepClone())]);
        var page = new JsonObject { ["@odata.context"] = url + "/$metadata", ["value"] = value };
        if (skip + PageSize < matching.Count)
        {
            var parameters = QueryHelpers.ParseQuery(query).Where(p => p.Key != "$skiptoken").ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
            parameters["$skiptoken"] = (skip + PageSize).ToString(CultureInfo.InvariantCulture);
            page["@odata.nextLink"] = QueryHelpers.AddQueryString(url, parameters);
        }

        return new BusinessCentralAnswer(200, page);
    }

    [GeneratedRegex(@"^companies\((?<company>[^)]*)\)/(?<rest>.+)$")]
    private static partial Regex CompanyPath();

    [GeneratedRegex(@"^journals\((?<journal>[0-9a-fA-F-]{36})\)(?<action>/journalLines|/Microsoft\.NAV\.post)(\((?<line>[0-9a-fA-F-]{36})\))?$")]
    private static partial Regex JournalPath();

    [GeneratedRegex(@"^purchaseInvoices\((?<invoice>[0-9a-fA-F-]{36})\)(?<action>/Microsoft\.NAV\.post)?$")]
    private static partial Regex InvoicePath();
}
