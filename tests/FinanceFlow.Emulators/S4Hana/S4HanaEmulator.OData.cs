using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Emulators.S4Hana;

/// <summary>The emulator's OData V2 reads: JSON only, <c>$filter</c> with <c>eq</c>, <c>ne</c>, <c>startswith</c> and <c>ge|le datetime'…'</c> joined by <c>and</c>/<c>or</c> (<see cref="S4HanaFilter"/>).</summary>
public sealed partial class S4HanaEmulator
{
    /// <summary>The OData requests of the cube received (path and query), in arrival order.</summary>
    public IReadOnlyList<string> CubeReads => [.. Host.Calls.Where(c => c.PathAndQuery.StartsWith(CubePath, StringComparison.Ordinal)).Select(c => c.PathAndQuery)];

    private async Task ReadCubeAsync(HttpContext context)
    {
        if (!Filter(context, out var filter, out var problem))
        {
            await WriteODataErrorAsync(context, StatusCodes.Status400BadRequest, "/IWBEP/CM_MGW_RT/022", problem);
            return;
        }

        var known = CubeRow(new S4HanaEmulatedEntry("", "", "", null, null, "", default, default, "", [], default), new S4HanaEmulatedItem("", "", "", 0m, "", null, null, null));
        if (filter.Clauses.FirstOrDefault(c => !known.ContainsKey(c.Field)) is { } unknown)
        {
            await WriteODataErrorAsync(context, StatusCodes.Status400BadRequest, "/IWBEP/CM_MGW_RT/022", $"Property {unknown.Field} not found in type A_OperationalAcctgDocItemCubeType.");
            return;
        }

        List<JsonObject> rows;
        lock (_lock)
        {
            var visible = new List<S4HanaEmulatedEntry>();
            foreach (var entry in _entries)
            {
                if (entry.HiddenReads > 0)
                {
                    entry.HiddenReads--;
                    continue;
                }

                visible.Add(entry);
            }

            rows = [.. visible
                .OrderBy(e => e.FiscalYear, StringComparer.Ordinal).ThenBy(e => e.AccountingDocument, StringComparer.Ordinal)
                .SelectMany(e => e.Items.Select(i => CubeRow(e, i)))
                .Where(filter.Matches)];
        }

        await WritePageAsync(context, CubePath, rows);
    }

    private async Task ReadCompanyCodeAsync(HttpContext context, string key)
    {
        var code = key.Trim('\'');
        if (!CompanyCodes.TryGetValue(code, out var chart))
        {
            await WriteODataErrorAsync(context, StatusCodes.Status404NotFound, "/IWBEP/CM_MGW_RT/020", $"Resource not found for segment 'A_CompanyCodeType'.");
            return;
        }

        var row = new JsonObject { ["CompanyCode"] = code, ["ChartOfAccounts"] = chart, ["Currency"] = "EUR", ["FiscalYearVariant"] = "K4" };
        await context.Response.WriteAsync(new JsonObject { ["d"] = Select(context, row) }.ToJsonString(), context.RequestAborted);
    }

    private async Task ReadAccountsAsync(HttpContext context)
    {
        if (!Filter(context, out var filter, out var problem))
        {
            await WriteODataErrorAsync(context, StatusCodes.Status400BadRequest, "/IWBEP/CM_MGW_RT/022", problem);
            return;
        }

        var rows = CompanyCodes.Values.Distinct()
            .SelectMany(chart => GLAccounts.Keys.Order(StringComparer.Ordinal).Select(account => new JsonObject
            {
                ["ChartOfAccounts"] = chart,
                ["GLAccount"] = Internal(account),
                ["AccountIsBlockedForPosting"] = BlockedAccounts.ContainsKey(account),
                ["AccountIsMarkedForDeletion"] = false,
                ["IsBalanceSheetAccount"] = !account.StartsWith('6'),
            }))
            .Where(filter.Matches)
            .ToList();
        await WritePageAsync(context, GLAccountServicePath + "/A_GLAccountInChartOfAccounts", rows);
    }

    private async Task WritePageAsync(HttpContext context, string path, List<JsonObject> rows)
    {
        var query = context.Request.Query;
        var skip = int.TryParse(query["$skip"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0;
        int? top = int.TryParse(query["$top"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : null;
        var page = Math.Min(top ?? int.MaxValue, MaxPageSize);
        var results = new JsonArray([.. rows.Skip(skip).Take(page).Select(r => (JsonNode)Select(context, r))]);
        var d = new JsonObject { ["results"] = results };
        var more = rows.Count > skip + page && (top is null || top > page);
        if (more)
        {
            // Server-driven paging: the rest of the client's $top from where this page ends.
            var rest = string.Join("&", query.Where(q => q.Key is not ("$skip" or "$top")).Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}"));
            var remaining = top is { } wanted ? string.Create(CultureInfo.InvariantCulture, $"&$top={wanted - page}") : string.Empty;
            d["__next"] = string.Create(CultureInfo.InvariantCulture, $"{BaseUrl}{path}?{rest}&$skip={skip + page}{remaining}");
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(new JsonObject { ["d"] = d }.ToJsonString(), context.RequestAborted);
    }

    private static JsonObject CubeRow(S4HanaEmulatedEntry entry, S4HanaEmulatedItem item) => new()
    {
        ["__metadata"] = new JsonObject { ["type"] = "API_OPLACCTGDOCITEMCUBE_SRV.A_OperationalAcctgDocItemCubeType" },
        ["CompanyCode"] = entry.CompanyCode,
        ["FiscalYear"] = entry.FiscalYear,
        ["AccountingDocument"] = entry.AccountingDocument,
        ["AccountingDocumentItem"] = item.Item,
        ["DocumentReferenceID"] = entry.DocumentReferenceId ?? string.Empty,
        ["AccountingDocumentHeaderText"] = entry.HeaderText ?? string.Empty,
        ["DocumentItemText"] = item.ItemText ?? string.Empty,
        ["AccountingDocumentType"] = entry.AccountingDocumentType,
        ["AccountingDocCreatedByUser"] = entry.CreatedByUser,
        ["GLAccount"] = Internal(item.GLAccount),
        ["CostCenter"] = item.CostCenter is null ? string.Empty : Internal(item.CostCenter),
        ["DebitCreditCode"] = item.DebitCreditCode,
        ["TransactionCurrency"] = item.Currency,
        ["AmountInTransactionCurrency"] = item.Amount.ToString("0.000", CultureInfo.InvariantCulture),
        ["PostingDate"] = ODataDate(entry.PostingDate),
        ["DocumentDate"] = ODataDate(entry.DocumentDate),
        ["IsReversed"] = false,
        ["IsReversal"] = false,
        ["ClearingAccountingDocument"] = item.Clearing?.AccountingDocument ?? string.Empty,
        ["ClearingDocFiscalYear"] = item.Clearing?.FiscalYear ?? string.Empty,
        ["ClearingDate"] = item.Clearing is { } clearing ? ODataDate(clearing.Date) : null,
        ["ClearingIsReversed"] = item.Clearing?.IsReversed ?? false,
        ["IsCleared"] = item.Clearing is { IsReversed: false },
        ["FinancialAccountType"] = "S",
        ["InvoiceReference"] = item.InvoiceReference?.AccountingDocument ?? string.Empty,
        ["InvoiceReferenceFiscalYear"] = item.InvoiceReference?.FiscalYear ?? string.Empty,
        ["InvoiceItemReference"] = item.InvoiceReference?.Item ?? string.Empty,
    };

    /// <summary>A numeric key as SAP stores it: ten digits with leading zeros.</summary>
    private static string Internal(string value) => value.All(char.IsAsciiDigit) && value.Length < 10 ? value.PadLeft(10, '0') : value;

    private static string ODataDate(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"/Date({new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds()})/");

    private static JsonObject Select(HttpContext context, JsonObject row)
    {
        var select = context.Request.Query["$select"].ToString();
        if (string.IsNullOrEmpty(select))
        {
            return row;
        }

        var fields = select.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new JsonObject(fields.Where(row.ContainsKey).Select(f => KeyValuePair.Create(f, row[f]?.DeepClone())));
    }

    private static bool Filter(HttpContext context, out S4HanaFilter filter, out string problem)
    {
        if (context.Request.Query["$format"] is { Count: > 0 } format && format.ToString() != "json")
        {
            filter = new S4HanaFilter.All([]);
            problem = $"$format={format} is not emulated (JSON only).";
            return false;
        }

        return S4HanaFilter.TryParse(context.Request.Query["$filter"].ToString(), out filter, out problem);
    }

    private static Task WriteODataErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        var error = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = new JsonObject { ["lang"] = "en", ["value"] = message },
                ["innererror"] = new JsonObject { ["transactionid"] = Guid.NewGuid().ToString("N").ToUpperInvariant() },
            },
        };
        return context.Response.WriteAsync(error.ToJsonString(), context.RequestAborted);
    }
}
