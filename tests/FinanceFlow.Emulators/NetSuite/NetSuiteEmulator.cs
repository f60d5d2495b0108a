using System.Globalization;
using System.Text.Json;
using FinanceFlow.Emulators.Erp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace FinanceFlow.Emulators.NetSuite;

/// <summary>
/// NetSuite REST web services on <see cref="ErpEmulatorHost"/>, from the help pages in <c>shared/reference/netsuite/</c>: the
/// record API for <c>journalEntry</c> and <c>vendorBill</c> (<c>PUT …/eid:{externalId}</c> upsert with <c>replace=</c>, GET by
/// internal or external id with <c>fields</c> and <c>expandSubResources</c>), SuiteQL (<c>POST query/v1/suiteql</c>, paged;
/// only the queries the connector sends, see <see cref="NetSuiteEmulatorSuiteQl"/>), errors as <c>o:errorDetails</c>, and the
/// account's own checks: balanced, known accounts, subsidiary required (OneWorld), known currency and vendor, open period.
/// </summary>
public sealed class NetSuiteEmulator : IAsyncDisposable
{
    public const string JournalEntry = "journalEntry";
    public const string VendorBill = "vendorBill";
    public const string Prefix = "/services/rest";

    private readonly Lock _lock = new();
    private readonly List<NetSuiteRecord> _records = [];
    private readonly List<NetSuitePayment> _payments = [];
    private int _nextId = 100;

    private NetSuiteEmulator()
    {
    }

    public ErpEmulatorHost Host { get; private set; } = null!;

    /// <summary>The REST root a connector's <c>BaseUrl</c> points at.</summary>
    public string RestRoot => Host.Root + Prefix;

    public ErpFaultPlan Faults => Host.Faults;

    /// <summary>Active GL accounts by internal id (SuiteQL's <c>account</c>; inactive ones refuse postings too).</summary>
    public HashSet<string> Accounts { get; } = ["58", "4", "10", "14", "111", "112", "113", "200", "201"];

    public HashSet<string> InactiveAccounts { get; } = ["999"];

    /// <summary>Currency internal id → ISO code (the record takes the id).</summary>
    public Dictionary<string, string> Currencies { get; } = new() { ["1"] = "USD", ["2"] = "GBP", ["4"] = "EUR" };

    public HashSet<string> Subsidiaries { get; } = ["1", "3"];

    public HashSet<string> Vendors { get; } = ["1722"];

    /// <summary>False: an account without subsidiaries (none required).</summary>
    public bool OneWorld { get; set; } = true;

    /// <summary>Closed posting periods as their first day (e.g. 2026-10-01 closes October 2026).</summary>
    public HashSet<DateOnly> ClosedPeriods { get; } = [];

    public static async Task<NetSuiteEmulator> StartAsync()
    {
        var emulator = new NetSuiteEmulator();
        emulator.Host = await ErpEmulatorHost.StartAsync(emulator.Map, (context, status, message) => WriteErrorAsync(context, status, StatusCode(status), message));
        return emulator;
    }

    /// <summary>Every record, in creation order (a copy).</summary>
    public IReadOnlyList<NetSuiteRecord> Records
    {
        get
        {
            lock (_lock)
            {
                return [.. _records];
            }
        }
    }

    /// <summary>Every payment, in creation order (a copy).</summary>
    public IReadOnlyList<NetSuitePayment> Payments
    {
        get
        {
            lock (_lock)
            {
                return [.. _payments];
            }
        }
    }

    /// <summary>
    /// A bill payment dated <paramref name="paidOn"/> applied to posted transactions by external id, each with its amount (in that
    /// transaction's currency), as a person paying bills in NetSuite would: to a bill's A/P line or to a journal entry's payable
    /// (credit) line. More than what is still open on a transaction is refused as NetSuite refuses it.
    /// </summary>
    public NetSuitePayment Pay(DateOnly paidOn, params (string ExternalId, decimal Amount)[] applied)
    {
        lock (_lock)
        {
            var id = (++_nextId).ToString(CultureInfo.InvariantCulture);
            var payment = new NetSuitePayment { Id = id, TranId = "BP" + (_nextId + 900).ToString(CultureInfo.InvariantCulture), TranDate = paidOn };
            foreach (var (externalId, amount) in applied)
            {
                var record = _records.Single(r => string.Equals(r.ExternalId, externalId, StringComparison.OrdinalIgnoreCase));
                var total = record.IsVendorBill ? record.Lines.Sum(l => l.Amount) : record.Lines.Sum(l => l.Credit);
                var paid = _payments.Where(p => !p.Voided).SelectMany(p => p.Applied).Where(a => a.TransactionId == record.Id).Sum(a => a.Amount);
                if (amount <= 0m || paid + amount > total)
                {
                    throw new InvalidOperationException($"{record.TranId} has {total - paid} open: a payment of {amount} cannot be applied to it.");
                }

                // A bill's A/P line is line 0; a journal's payable is its first credit line.
                var line = record.IsVendorBill ? 0 : record.Lines.FindIndex(l => l.Credit > 0m);
                payment.Applied.Add(new NetSuiteApplied(record.Id, line, amount));
            }

            _payments.Add(payment);
            return payment;
        }
    }

    /// <summary>How many records carry <paramref name="externalId"/> (exactly-once checks: never more than one).</summary>
    public int CountFor(string externalId) => Records.Count(r => string.Equals(r.ExternalId, externalId, StringComparison.OrdinalIgnoreCase));

    /// <summary>Changes a stored record, e.g. as a person editing it in NetSuite would.</summary>
    public void Edit(string externalId, Action<NetSuiteRecord> edit)
    {
        lock (_lock)
        {
            edit(_records.Single(r => string.Equals(r.ExternalId, externalId, StringComparison.OrdinalIgnoreCase)));
        }
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    /// <summary>NetSuite's error body: type, title, status and <c>o:errorDetails</c> (detail, o:errorCode, o:errorPath).</summary>
    public static async Task WriteErrorAsync(HttpContext context, int status, string code, string detail, string? path = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/vnd.oracle.resource+json; type=error";
        var error = new Dictionary<string, object?>
        {
            ["type"] = "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html" + status switch { 400 => "#sec10.4.1", 404 => "#sec10.4.5", _ => string.Empty },
            ["title"] = ReasonPhrases.GetReasonPhrase(status),
            ["status"] = status,
            ["o:errorDetails"] = new[] { path is null ? new Dictionary<string, string> { ["detail"] = detail, ["o:errorCode"] = code } : new Dictionary<string, string> { ["detail"] = detail, ["o:errorCode"] = code, ["o:errorPath"] = path } },
        };
        await context.Response.WriteAsync(JsonSerializer.Serialize(error), context.RequestAborted);
    }

    private static string StatusCode(int status) => status switch
    {
        401 => "INVALID_LOGIN",
        429 => "CONCURRENCY_LIMIT_EXCEEDED",
        _ => "UNEXPECTED_ERROR",
    };

    private void Map(WebApplication app)
    {
        app.MapPut(Prefix + "/record/v1/{type}/{id}", UpsertAsync);
        app.MapGet(Prefix + "/record/v1/{type}/{id}", GetAsync);
        app.MapPost(Prefix + "/query/v1/suiteql", context => NetSuiteEmulatorSuiteQl.RunAsync(context, this));
    }

    private async Task UpsertAsync(HttpContext context)
    {
        var type = RecordType((string)context.Request.RouteValues["type"]!);
        var id = (string)context.Request.RouteValues["id"]!;
        if (type is null || !id.StartsWith("eid:", StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, 400, "INVALID_PARAMETER", "The upsert operation needs a supported record type and an external ID (eid:) in the URL.");
            return;
        }

        var externalId = id["eid:".Length..];
        if (externalId.Length is 0 or > 64 || !externalId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            await WriteErrorAsync(context, 400, "INVALID_ID", $"Invalid external ID {externalId}: an external ID can contain letters, numbers, underscore (_), and hyphen (-).");
            return;
        }

        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException ex)
        {
            await WriteErrorAsync(context, 400, "INVALID_CONTENT", "Invalid content in the request body: " + ex.Message);
            return;
        }

        using (body)
        {
            var draft = NetSuiteEmulatorValidation.Read(body.RootElement, type, this);
            if (draft.Error is { } error)
            {
                await WriteErrorAsync(context, 400, error.Code, error.Detail, error.Path);
                return;
            }

            var replace = (context.Request.Query["replace"].ToString() ?? string.Empty).Split(',').Contains(type == VendorBill ? "expense" : "line", StringComparer.OrdinalIgnoreCase);
            var record = Upsert(type, externalId, draft.Record!, replace);
            context.Response.Headers.Location = $"{RestRoot}/record/v1/{type}/{record.Id}";
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
    }

    private NetSuiteRecord Upsert(string type, string externalId, NetSuiteRecord draft, bool replaceLines)
    {
        lock (_lock)
        {
            var record = _records.SingleOrDefault(r => r.Type == type && string.Equals(r.ExternalId, externalId, StringComparison.OrdinalIgnoreCase));
            if (record is null)
            {
                var id = (++_nextId).ToString(CultureInfo.InvariantCulture);
                record = new NetSuiteRecord { Type = type, Id = id, ExternalId = externalId, TranId = (type == VendorBill ? "VB" : "JE") + (_nextId + 900).ToString(CultureInfo.InvariantCulture) };
                _records.Add(record);
            }
            else if (replaceLines)
            {
                record.Lines.Clear();
            }

            // Without replace=, NetSuite adds the request's sublist lines to the ones the record has.
            (record.TranDate, record.Subsidiary, record.Currency, record.Memo, record.Entity, record.Account) =
                (draft.TranDate, draft.Subsidiary, draft.Currency, draft.Memo, draft.Entity, draft.Account);
            record.Lines.AddRange(draft.Lines);
            record.Writes++;
            return record;
        }
    }

    private async Task GetAsync(HttpContext context)
    {
        var type = RecordType((string)context.Request.RouteValues["type"]!);
        var id = (string)context.Request.RouteValues["id"]!;
        NetSuiteRecord? record;
        lock (_lock)
        {
            record = _records.SingleOrDefault(r => r.Type == type && (id.StartsWith("eid:", StringComparison.Ordinal)
                ? string.Equals(r.ExternalId, id["eid:".Length..], StringComparison.OrdinalIgnoreCase)
                : r.Id == id));
        }

        if (record is null)
        {
            await WriteErrorAsync(context, 404, "NONEXISTENT_ID", "The record instance does not exist. Provide a valid record instance ID.");
            return;
        }

        var fields = context.Request.Query["fields"].ToString();
        var expand = string.Equals(context.Request.Query["expandSubResources"], "true", StringComparison.OrdinalIgnoreCase);
        context.Response.ContentType = "application/vnd.oracle.resource+json; type=singular-resource";
        await context.Response.WriteAsync(NetSuiteEmulatorJson.Record(record, this, fields, expand), context.RequestAborted);
    }

    /// <summary>The period a date posts to: its month, as NetSuite names it (e.g. <c>Nov 2026</c>).</summary>
    internal static (string Id, string Name) Period(DateOnly date) =>
        (date.ToString("yyyyMM", CultureInfo.InvariantCulture), date.ToString("MMM yyyy", CultureInfo.InvariantCulture));

    internal static string? RecordType(string type) => type.ToUpperInvariant() switch
    {
        "JOURNALENTRY" => JournalEntry,
        "VENDORBILL" => VendorBill,
        _ => null,
    };
}
