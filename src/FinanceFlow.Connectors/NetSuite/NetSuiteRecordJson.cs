using System.Globalization;
using System.Text.Json;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Posting;

namespace FinanceFlow.Connectors.NetSuite;

/// <summary>
/// A journal as a NetSuite <c>journalEntry</c> (<c>line</c> sublist: <c>account</c>, <c>debit</c> or <c>credit</c>, <c>memo</c>,
/// <c>department</c>, <c>class</c>) or <c>vendorBill</c> (<c>entity</c>, the AP <c>account</c>, <c>expense</c> sublist with
/// <c>amount</c>), and back: the books a record holds, to compare with ours.
/// </summary>
internal static class NetSuiteRecordJson
{
    /// <summary>NetSuite's memo is kept to this length here; the full reference always fits at its start.</summary>
    public const int MemoLength = 250;

    public static string RecordType(NetSuiteMode mode) => mode == NetSuiteMode.VendorBill ? "vendorBill" : "journalEntry";

    public static string Sublist(NetSuiteMode mode) => mode == NetSuiteMode.VendorBill ? "expense" : "line";

    /// <summary>The UI page of a record, e.g. <c>https://1234567.app.netsuite.com/app/accounting/transactions/journal.nl?id=42</c>.</summary>
    public static Uri Link(NetSuiteOptions options, string internalId) => new(
        $"https://{options.AccountHost}.app.netsuite.com/app/accounting/transactions/{(options.Mode == NetSuiteMode.VendorBill ? "vendbill" : "journal")}.nl?id={Uri.EscapeDataString(internalId)}");

    /// <summary>Our reference, then the description: the full reference is kept here whatever the external id had to become.</summary>
    public static string Memo(JournalEntry entry)
    {
        var memo = entry.ExternalReference + " " + entry.Description;
        return memo.Length > MemoLength ? memo[..MemoLength] : memo;
    }

    /// <summary>Why <paramref name="entry"/> cannot be sent as it is; null when it can.</summary>
    /// <param name="setting">The ledger's key prefix, e.g. <c>FinanceFlow:Erp:Ledgers:us01:</c>, to name a missing setting.</param>
    public static string? Problem(JournalEntry entry, NetSuiteOptions options, string setting)
    {
        if (!entry.IsBalanced)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the entry does not balance (debits {entry.TotalDebit} {entry.Currency}, credits {entry.TotalCredit} {entry.Currency}).");
        }

        if (!options.CurrencyIds.ContainsKey(entry.Currency))
        {
            return $"currency {entry.Currency} has no NetSuite currency id: set {setting}CurrencyIds:{entry.Currency}.";
        }

        for (var i = 0; i < entry.Lines.Count; i++)
        {
            var line = entry.Lines[i];
            if (!IsInternalId(line.Account))
            {
                return $"line {i + 1}: account '{line.Account}' is not a NetSuite account internal id.";
            }

            if (line.CostCenter is { Length: > 0 } costCenter && !IsInternalId(costCenter))
            {
                return $"line {i + 1}: cost center '{costCenter}' is not a NetSuite department internal id.";
            }

            if (line.Project is { Length: > 0 } project && !IsInternalId(project))
            {
                return $"line {i + 1}: project '{project}' is not a NetSuite class internal id.";
            }
        }

        if (options.Mode != NetSuiteMode.VendorBill)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(options.VendorId) || !IsInternalId(options.VendorId))
        {
            return string.IsNullOrWhiteSpace(options.VendorId)
                ? $"a vendor bill needs a vendor: the employee's erpId in master data for {entry.LegalEntity}, or {setting}VendorId."
                : $"vendor '{options.VendorId}' is not a NetSuite vendor internal id (the employee's erpId in master data for {entry.LegalEntity}).";
        }

        return entry.Lines.Count(IsPayable) != 1
            ? "a vendor bill needs exactly one payable line (an employee or card payable credit), the bill's AP account."
            : null;
    }

    /// <summary>The body of <c>PUT record/v1/{type}/eid:{externalId}</c>; the external id is in the URL.</summary>
    public static byte[] Serialize(JournalEntry entry, NetSuiteOptions options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (options.Mode == NetSuiteMode.VendorBill)
            {
                Reference(json, "entity", options.VendorId!);
            }

            if (options.OneWorld)
            {
                Reference(json, "subsidiary", options.Subsidiary!);
            }

            Reference(json, "currency", options.CurrencyIds[entry.Currency]);
            json.WriteString("tranDate", entry.AccountingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("memo", Memo(entry));
            if (options.Mode == NetSuiteMode.VendorBill)
            {
                Reference(json, "account", entry.Lines.Single(IsPayable).Account);
            }

            json.WriteStartObject(Sublist(options.Mode));
            json.WriteStartArray("items");
            foreach (var line in entry.Lines.Where(l => options.Mode == NetSuiteMode.JournalEntry || !IsPayable(l)))
            {
                json.WriteStartObject();
                Reference(json, "account", line.Account);
                if (options.Mode == NetSuiteMode.VendorBill)
                {
                    json.WriteNumber("amount", line.Debit - line.Credit);
                }
                else if (line.Debit != 0m)
                {
                    json.WriteNumber("debit", line.Debit);
                }
                else
                {
                    json.WriteNumber("credit", line.Credit);
                }

                if (!string.IsNullOrWhiteSpace(line.Memo))
                {
                    json.WriteString("memo", line.Memo);
                }

                if (!string.IsNullOrWhiteSpace(line.CostCenter))
                {
                    Reference(json, "department", line.CostCenter);
                }

                if (!string.IsNullOrWhiteSpace(line.Project))
                {
                    Reference(json, "class", line.Project);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Our books as a NetSuite record of the mode holds them: a bill's payable line carries no cost objects.</summary>
    public static BookedEntry Ours(JournalEntry entry, NetSuiteMode mode)
    {
        var ours = BookedEntry.Of(entry);
        return mode == NetSuiteMode.JournalEntry
            ? ours with { LegalEntity = null }
            : ours with { LegalEntity = null, Lines = [.. ours.Lines.Select((l, i) => IsPayable(entry.Lines[i]) ? l with { CostCenter = null, Project = null } : l)] };
    }

    /// <summary>How the record (read with <c>expandSubResources=true</c>) differs from <paramref name="entry"/>; empty when it books the same.</summary>
    public static IReadOnlyList<string> Differences(JournalEntry entry, JsonElement record, NetSuiteOptions options)
    {
        var differences = new List<string>();
        if (options.OneWorld && Id(record, "subsidiary") is { } subsidiary && subsidiary != options.Subsidiary)
        {
            differences.Add($"subsidiary {subsidiary}, ours {options.Subsidiary}");
        }

        if (options.Mode == NetSuiteMode.VendorBill && Id(record, "entity") is { } vendor && vendor != options.VendorId)
        {
            differences.Add($"vendor {vendor}, ours {options.VendorId}");
        }

        differences.AddRange(BookedEntry.Differences(Ours(entry, options.Mode), Booked(record, options)));
        return differences;
    }

    /// <summary>The record's date and lines: a journal's debits and credits, or a bill's expense lines and its AP account.</summary>
    public static BookedEntry Booked(JsonElement record, NetSuiteOptions options)
    {
        var currency = CurrencyCode(options, Id(record, "currency"));
        var lines = new List<BookedLine>();
        foreach (var item in Items(record, Sublist(options.Mode)))
        {
            var amount = options.Mode == NetSuiteMode.VendorBill ? Number(item, "amount") : Number(item, "debit") - Number(item, "credit");
            lines.Add(new BookedLine(Id(item, "account") ?? string.Empty, currency, amount, Id(item, "department"), Id(item, "class")));
        }

        if (options.Mode == NetSuiteMode.VendorBill)
        {
            lines.Add(new BookedLine(Id(record, "account") ?? string.Empty, currency, -lines.Sum(l => l.Amount), null, null));
        }

        return new BookedEntry(Date(record.GetProperty("tranDate").GetString()), null, lines);
    }

    /// <summary>What NetSuite confirmed: tranId (the internal id when it has none), the date, the UI link and the internal id.</summary>
    public static ErpConfirmation Confirmation(JsonElement record, string internalId, NetSuiteOptions options)
    {
        var tranId = record.TryGetProperty("tranId", out var t) ? t.GetString() : null;
        DateOnly? date = record.TryGetProperty("tranDate", out var d) && d.GetString() is { } text ? Date(text) : null;
        return new ErpConfirmation(string.IsNullOrWhiteSpace(tranId) ? internalId : tranId, null, date, Link(options, internalId), internalId);
    }

    /// <summary>The posting period's name (<c>postingPeriod.refName</c>, e.g. <c>Nov 2026</c>), where the record says.</summary>
    public static string? PostingPeriod(JsonElement record) =>
        record.TryGetProperty("postingPeriod", out var period) && period.ValueKind == JsonValueKind.Object && period.TryGetProperty("refName", out var name) ? name.GetString() : null;

    /// <summary>The ISO code of a NetSuite currency id, through <see cref="NetSuiteOptions.CurrencyIds"/>.</summary>
    public static string CurrencyCode(NetSuiteOptions options, string? currencyId) =>
        options.CurrencyIds.FirstOrDefault(c => c.Value == currencyId).Key ?? $"NetSuite currency {currencyId}";

    public static string? Id(JsonElement element, string field) =>
        element.TryGetProperty(field, out var reference) && reference.ValueKind == JsonValueKind.Object && reference.TryGetProperty("id", out var id)
            ? id.ValueKind == JsonValueKind.Number ? id.GetRawText() : id.GetString()
            : null;

    public static decimal Number(JsonElement element, string field) => !element.TryGetProperty(field, out var value) ? 0m : value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDecimal(),
        JsonValueKind.String => decimal.Parse(value.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture),
        _ => 0m,
    };

    public static DateOnly Date(string? text) => DateOnly.ParseExact(text ?? string.Empty, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static bool IsInternalId(string value) => value.Length is > 0 and <= 18 && value.All(char.IsAsciiDigit);

    private static bool IsPayable(JournalLine line) => line.Credit > 0m && line.Role is AccountRole.EmployeePayable or AccountRole.CardPayable;

    private static IEnumerable<JsonElement> Items(JsonElement record, string sublist) =>
        record.TryGetProperty(sublist, out var list) && list.ValueKind == JsonValueKind.Object && list.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray()
            : [];

    private static void Reference(Utf8JsonWriter json, string field, string id)
    {
        json.WriteStartObject(field);
        json.WriteString("id", id);
        json.WriteEndObject();
    }
}
