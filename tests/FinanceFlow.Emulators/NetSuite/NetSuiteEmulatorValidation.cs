using System.Globalization;
using System.Text.Json;

namespace FinanceFlow.Emulators.NetSuite;

/// <summary>One refusal in NetSuite's terms: <c>o:errorCode</c>, <c>detail</c> and, where it points into the body, <c>o:errorPath</c>.</summary>
public sealed record NetSuiteEmulatorError(string Code, string Detail, string? Path = null);

/// <summary>Reads a journal entry or vendor bill body and applies the checks a NetSuite account makes before it saves one.</summary>
internal static class NetSuiteEmulatorValidation
{
    private const string Prefix = "Error while accessing resource: ";

    public static (NetSuiteRecord? Record, NetSuiteEmulatorError? Error) Read(JsonElement body, string type, NetSuiteEmulator account)
    {
        var bill = type == NetSuiteEmulator.VendorBill;
        var record = new NetSuiteRecord { Type = type, Id = string.Empty, ExternalId = string.Empty, TranId = string.Empty };
        record.Subsidiary = Id(body, "subsidiary");
        if (account.OneWorld && record.Subsidiary is null)
        {
            return (null, new("USER_ERROR", Prefix + "Please enter value(s) for: Subsidiary", "subsidiary"));
        }

        if (record.Subsidiary is { } subsidiary && !account.Subsidiaries.Contains(subsidiary))
        {
            return (null, Invalid(subsidiary, "subsidiary", "subsidiary"));
        }

        record.Currency = Id(body, "currency") ?? "1";
        if (!account.Currencies.ContainsKey(record.Currency))
        {
            return (null, Invalid(record.Currency, "currency", "currency"));
        }

        if (!body.TryGetProperty("tranDate", out var date) || !DateOnly.TryParseExact(date.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var tranDate))
        {
            return (null, new("INVALID_CONTENT", Prefix + "Invalid tranDate: use the format yyyy-MM-dd.", "tranDate"));
        }

        record.TranDate = tranDate;
        if (account.ClosedPeriods.Contains(new DateOnly(tranDate.Year, tranDate.Month, 1)))
        {
            return (null, new("USER_ERROR", Prefix + $"The accounting period {NetSuiteEmulator.Period(tranDate).Name} is closed. You cannot post to a closed period.", "tranDate"));
        }

        record.Memo = body.TryGetProperty("memo", out var memo) ? memo.GetString() : null;
        if (bill)
        {
            record.Entity = Id(body, "entity");
            if (record.Entity is null || !account.Vendors.Contains(record.Entity))
            {
                return (null, record.Entity is null ? new("USER_ERROR", Prefix + "Please enter value(s) for: Vendor", "entity") : Invalid(record.Entity, "entity", "entity"));
            }

            record.Account = Id(body, "account");
            if (record.Account is not null && !account.Accounts.Contains(record.Account))
            {
                return (null, Invalid(record.Account, "account", "account"));
            }
        }

        var sublist = bill ? "expense" : "line";
        var items = body.TryGetProperty(sublist, out var list) && list.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().ToList() : [];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var lineAccount = Id(item, "account");
            if (lineAccount is null || !account.Accounts.Contains(lineAccount))
            {
                return (null, Invalid(lineAccount ?? string.Empty, "account", $"{sublist}.items[{i}].account"));
            }

            record.Lines.Add(new NetSuiteLine(
                lineAccount, Number(item, "debit"), Number(item, "credit"), Number(item, "amount"), item.TryGetProperty("memo", out var m) ? m.GetString() : null, Id(item, "department"), Id(item, "class")));
        }

        if (bill && record.Lines.Count == 0)
        {
            return (null, new("USER_ERROR", Prefix + "You must enter at least one line item for this transaction.", "expense"));
        }

        if (!bill && (record.Lines.Count < 2 || record.Lines.Sum(l => l.Debit) != record.Lines.Sum(l => l.Credit)))
        {
            return (null, new("USER_ERROR", Prefix + "The total of the debit lines must equal the total of the credit lines.", "line"));
        }

        return (record, null);
    }

    private static NetSuiteEmulatorError Invalid(string value, string field, string path) =>
        new("INVALID_CONTENT", Prefix + $"You have entered an Invalid Field Value {value} for the following field: {field}", path);

    private static string? Id(JsonElement element, string field) =>
        element.TryGetProperty(field, out var reference) && reference.ValueKind == JsonValueKind.Object && reference.TryGetProperty("id", out var id)
            ? id.ValueKind == JsonValueKind.Number ? id.GetRawText() : id.GetString()
            : null;

    private static decimal Number(JsonElement element, string field) =>
        element.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : 0m;
}
