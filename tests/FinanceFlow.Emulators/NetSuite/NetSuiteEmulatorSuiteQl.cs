using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Emulators.NetSuite;

/// <summary>
/// SuiteQL over REST, for exactly the query shapes FinanceFlow sends (any other query is refused as NetSuite refuses an
/// invalid one): transactions with an external id prefix (and a transaction-date window) and their lines' foreign-currency debits,
/// the payments applied to them since a date (<c>NextTransactionLineLink</c>), and the active accounts.
/// Values come back as strings, null columns are left out; paged with <c>limit</c>/<c>offset</c>, <c>hasMore</c> and
/// <c>totalResults</c>; <c>Prefer: transient</c> is required.
/// </summary>
internal static partial class NetSuiteEmulatorSuiteQl
{
    public static async Task RunAsync(HttpContext context, NetSuiteEmulator account)
    {
        if (!string.Equals(context.Request.Headers["Prefer"].ToString(), "transient", StringComparison.OrdinalIgnoreCase))
        {
            await NetSuiteEmulator.WriteErrorAsync(context, 400, "INVALID_HEADER", "A SuiteQL request needs the header Prefer: transient.");
            return;
        }

        string query;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            query = Whitespace().Replace(body.RootElement.GetProperty("q").GetString() ?? string.Empty, " ").Trim();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            await NetSuiteEmulator.WriteErrorAsync(context, 400, "INVALID_CONTENT", "The request body must be {\"q\": \"<SuiteQL query>\"}.");
            return;
        }

        List<Dictionary<string, string>> rows;
        if (Transactions().Match(query) is { Success: true } transactions)
        {
            var types = transactions.Groups["types"].Value.Split(',').Select(t => t.Trim().Trim('\'')).ToHashSet(StringComparer.Ordinal);
            var from = transactions.Groups["from"].Success ? DateOnly.ParseExact(transactions.Groups["from"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture) : DateOnly.MinValue;
            var to = transactions.Groups["to"].Success ? DateOnly.ParseExact(transactions.Groups["to"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture) : DateOnly.MaxValue;
            rows = TransactionRows(account, transactions.Groups["prefix"].Value, types, from, to);
        }
        else if (Payments().Match(query) is { Success: true } payments)
        {
            var types = payments.Groups["types"].Value.Split(',').Select(t => t.Trim().Trim('\'')).ToHashSet(StringComparer.Ordinal);
            var since = DateOnly.ParseExact(payments.Groups["since"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            rows = PaymentRows(account, payments.Groups["prefix"].Value, types, since);
        }
        else if (Accounts().IsMatch(query))
        {
            rows = [.. account.Accounts.OrderBy(long.Parse).Select(id => new Dictionary<string, string> { ["id"] = id })];
        }
        else
        {
            await NetSuiteEmulator.WriteErrorAsync(context, 400, "INVALID_PARAMETER", "Invalid search query. Detailed unprocessed description follows. The emulator knows only FinanceFlow's queries: " + query);
            return;
        }

        var limit = int.TryParse(context.Request.Query["limit"], CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 1000) : 1000;
        var offset = int.TryParse(context.Request.Query["offset"], CultureInfo.InvariantCulture, out var o) ? Math.Max(o, 0) : 0;
        var page = rows.Skip(offset).Take(limit).ToList();
        var self = $"{account.RestRoot}/query/v1/suiteql?limit={limit}&offset={offset}";
        var answer = new Dictionary<string, object>
        {
            ["links"] = new[] { new Dictionary<string, string> { ["rel"] = "self", ["href"] = self } },
            ["count"] = page.Count,
            ["hasMore"] = offset + page.Count < rows.Count,
            ["items"] = page.Select(r => new Dictionary<string, object>(r.Select(c => KeyValuePair.Create(c.Key, (object)c.Value))) { ["links"] = Array.Empty<object>() }).ToList(),
            ["offset"] = offset,
            ["totalResults"] = rows.Count,
        };
        context.Response.ContentType = "application/vnd.oracle.resource+json; type=collection";
        await context.Response.WriteAsync(JsonSerializer.Serialize(answer), context.RequestAborted);
    }

    private static List<Dictionary<string, string>> TransactionRows(NetSuiteEmulator account, string prefix, HashSet<string> types, DateOnly from, DateOnly to)
    {
        var rows = new List<Dictionary<string, string>>();
        foreach (var record in account.Records.Where(r => r.ExternalId.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && types.Contains(r.IsVendorBill ? "VendBill" : "Journal") && r.TranDate >= from && r.TranDate <= to).OrderBy(r => long.Parse(r.Id, CultureInfo.InvariantCulture)))
        {
            // A bill's lines: its AP line (a credit), then the expense lines (debits); a journal's lines as entered.
            var debits = record.IsVendorBill
                ? [null, .. record.Lines.Select(l => l.Amount > 0m ? l.Amount : (decimal?)null)]
                : record.Lines.Select(l => l.Debit != 0m ? l.Debit : (decimal?)null).ToList();
            foreach (var debit in debits)
            {
                var row = new Dictionary<string, string>
                {
                    ["id"] = record.Id,
                    ["externalid"] = record.ExternalId,
                    ["trandate"] = record.TranDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["currency"] = record.Currency,
                };
                if (record.Memo is { } memo)
                {
                    row["memo"] = memo;
                }

                if (debit is { } value)
                {
                    row["debit"] = value.ToString(CultureInfo.InvariantCulture);
                }

                rows.Add(row);
            }
        }

        return rows;
    }

    private static List<Dictionary<string, string>> PaymentRows(NetSuiteEmulator account, string prefix, HashSet<string> types, DateOnly since)
    {
        var records = account.Records.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var rows = new List<Dictionary<string, string>>();
        foreach (var payment in account.Payments.Where(p => !p.Voided && p.TranDate >= since).OrderBy(p => long.Parse(p.Id, CultureInfo.InvariantCulture)))
        {
            foreach (var applied in payment.Applied.OrderBy(a => long.Parse(a.TransactionId, CultureInfo.InvariantCulture)).ThenBy(a => a.Line))
            {
                var record = records[applied.TransactionId];
                if (!record.ExternalId.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || !types.Contains(record.IsVendorBill ? "VendBill" : "Journal"))
                {
                    continue;
                }

                var row = new Dictionary<string, string>
                {
                    ["paymentid"] = payment.Id,
                    ["paymenttranid"] = payment.TranId,
                    ["paidon"] = payment.TranDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["id"] = record.Id,
                    ["tranid"] = record.TranId,
                    ["externalid"] = record.ExternalId,
                    ["currency"] = record.Currency,
                    ["amount"] = applied.Amount.ToString(CultureInfo.InvariantCulture),
                };
                if (record.Memo is { } memo)
                {
                    row["memo"] = memo;
                }

                rows.Add(row);
            }
        }

        return rows;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^SELECT t\.id, t\.externalid, TO_CHAR\(t\.trandate, 'YYYY-MM-DD'\) AS trandate, t\.memo, t\.currency, tl\.debitforeignamount AS debit FROM transaction t INNER JOIN transactionline tl ON tl\.transaction = t\.id WHERE t\.externalid LIKE '(?<prefix>[^'%]*)%' AND t\.type IN \((?<types>[^)]*)\)(?: AND t\.trandate BETWEEN TO_DATE\('(?<from>\d{4}-\d{2}-\d{2})', 'YYYY-MM-DD'\) AND TO_DATE\('(?<to>\d{4}-\d{2}-\d{2})', 'YYYY-MM-DD'\))? ORDER BY t\.id, tl\.id$", RegexOptions.IgnoreCase)]
    private static partial Regex Transactions();

    [GeneratedRegex(@"^SELECT p\.id AS paymentid, p\.tranid AS paymenttranid, TO_CHAR\(p\.trandate, 'YYYY-MM-DD'\) AS paidon, t\.id, t\.tranid, t\.externalid, t\.memo, t\.currency, l\.foreignamount AS amount FROM NextTransactionLineLink l INNER JOIN transaction t ON t\.id = l\.previousdoc INNER JOIN transaction p ON p\.id = l\.nextdoc WHERE t\.externalid LIKE '(?<prefix>[^'%]*)%' AND t\.type IN \((?<types>[^)]*)\) AND l\.linktype = 'Payment' AND p\.voided = 'F' AND p\.trandate >= TO_DATE\('(?<since>\d{4}-\d{2}-\d{2})', 'YYYY-MM-DD'\) ORDER BY p\.id, t\.id, l\.previousline, l\.nextline$", RegexOptions.IgnoreCase)]
    private static partial Regex Payments();

    [GeneratedRegex(@"^SELECT id FROM account WHERE isinactive = 'F' ORDER BY id$", RegexOptions.IgnoreCase)]
    private static partial Regex Accounts();
}
