using System.Text.Json;

namespace FinanceFlow.Emulators.NetSuite;

/// <summary>A record as NetSuite's record API returns it: links, id, fields, references as <c>{id, refName}</c>, sublists expanded on request.</summary>
internal static class NetSuiteEmulatorJson
{
    public static string Record(NetSuiteRecord record, NetSuiteEmulator account, string fields, bool expand)
    {
        var self = $"{account.RestRoot}/record/v1/{record.Type}/{record.Id}";
        var period = NetSuiteEmulator.Period(record.TranDate);
        var all = new Dictionary<string, object?>
        {
            ["externalId"] = record.ExternalId,
            ["tranId"] = record.TranId,
            ["tranDate"] = record.TranDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["postingPeriod"] = Reference(period.Id, period.Name),
            ["subsidiary"] = record.Subsidiary is null ? null : Reference(record.Subsidiary, "Subsidiary " + record.Subsidiary),
            ["currency"] = Reference(record.Currency, account.Currencies[record.Currency]),
            ["memo"] = record.Memo,
            ["entity"] = record.Entity is null ? null : Reference(record.Entity, "Vendor " + record.Entity),
            ["account"] = record.Account is null ? null : Reference(record.Account, "Account " + record.Account),
        };
        var sublist = record.IsVendorBill ? "expense" : "line";
        all[sublist] = expand
            ? new Dictionary<string, object?>
            {
                ["links"] = Links(self + "/" + sublist),
                ["items"] = record.Lines.Select((l, i) => Line(l, i, record.IsVendorBill)).ToList(),
                ["count"] = record.Lines.Count,
                ["hasMore"] = false,
                ["offset"] = 0,
                ["totalResults"] = record.Lines.Count,
            }
            : new Dictionary<string, object?> { ["links"] = Links(self + "/" + sublist) };

        var wanted = fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var answer = new Dictionary<string, object?> { ["links"] = Links(self), ["id"] = record.Id };
        foreach (var (name, value) in all.Where(f => f.Value is not null && (wanted.Count == 0 || wanted.Contains(f.Key))))
        {
            answer[name] = value;
        }

        return JsonSerializer.Serialize(answer);
    }

    private static Dictionary<string, object?> Line(NetSuiteLine line, int index, bool bill)
    {
        var item = new Dictionary<string, object?> { ["links"] = Array.Empty<object>(), ["line"] = index, ["account"] = Reference(line.Account, "Account " + line.Account) };
        if (bill)
        {
            item["amount"] = line.Amount;
        }
        else if (line.Debit != 0m)
        {
            item["debit"] = line.Debit;
        }
        else
        {
            item["credit"] = line.Credit;
        }

        item["memo"] = line.Memo;
        item["department"] = line.Department is null ? null : Reference(line.Department, "Department " + line.Department);
        item["class"] = line.Class is null ? null : Reference(line.Class, "Class " + line.Class);
        return item.Where(p => p.Value is not null).ToDictionary();
    }

    private static Dictionary<string, object> Reference(string id, string name) => new() { ["links"] = Array.Empty<object>(), ["id"] = id, ["refName"] = name };

    private static object[] Links(string self) => [new Dictionary<string, string> { ["rel"] = "self", ["href"] = self }];
}
