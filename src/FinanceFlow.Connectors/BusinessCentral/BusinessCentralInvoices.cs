using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Posting;
using FinanceFlow.Core.Reconciliation;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.Connectors.BusinessCentral;

/// <summary>
/// Purchase invoices: one invoice per entry from the employee as a vendor (<see cref="JournalEntry.EmployeeErpId"/>, else the configured
/// vendor that stands for employee reimbursements), created with its lines in one deep insert (all or nothing) and posted with <c>Microsoft.NAV.post</c>. The employee-payable
/// credit is the invoice itself (the vendor's posting group decides its account); every other line is a G/L account line.
/// <c>vendorInvoiceNumber</c> carries our reference (unique per vendor, as Business Central keeps it); a draft left by an earlier attempt
/// is posted, never created again.
/// </summary>
internal sealed class BusinessCentralInvoices(BusinessCentralApi api, BusinessCentralOptions options, ILogger logger)
{
    private const string Draft = "Draft";

    public async Task<ErpPostingResult> PostAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        if (!entry.Lines.Any(IsPayable))
        {
            return NotSent($"a purchase invoice needs an {AccountRole.EmployeePayable} credit (the reimbursement the vendor stands for); this entry has none. Book this entity as JournalEntry.");
        }

        if (Vendor(entry) is null)
        {
            return NotSent($"a purchase invoice needs a vendor: the employee's erpId in master data for {entry.LegalEntity}, or the ledger's VendorNumber.");
        }

        var found = await ByReferenceAsync(entry, cancellationToken);
        if (found.FirstOrDefault(i => Status(i) != Draft) is { ValueKind: JsonValueKind.Object } posted)
        {
            var differences = BookedEntry.Differences(Ours(entry), Theirs(posted));
            return differences.Count > 0
                ? NotSent($"Business Central already holds invoice {Number(posted)} under {entry.ExternalReference}, and it books something else: {string.Join("; ", differences)}.")
                : Confirmed(posted);
        }

        string id;
        if (found.Count > 0 && found[0] is { ValueKind: JsonValueKind.Object } draft)
        {
            var differences = BookedEntry.Differences(Ours(entry), Theirs(draft));
            if (differences.Count > 0)
            {
                return NotSent($"draft invoice {Number(draft)} under {entry.ExternalReference} books something else: {string.Join("; ", differences)}. Delete or correct it in Business Central, then retry.");
            }

            logger.LogWarning("{Reference}: draft purchase invoice {Number} from an earlier attempt; posting it", entry.ExternalReference, Number(draft));
            id = Id(draft);
        }
        else
        {
            var created = await api.WriteAsync(HttpMethod.Post, api.Company("purchaseInvoices"), Body(entry), cancellationToken);
            if (!created.Succeeded)
            {
                var (code, message) = created.Error;
                return ErpPostingResult.Rejected(BusinessCentralApi.Erp, code, message);
            }

            using var json = JsonDocument.Parse(created.Body);
            id = Id(json.RootElement);
        }

        var answer = await api.WriteAsync(HttpMethod.Post, api.Company($"purchaseInvoices({id})/Microsoft.NAV.post"), null, cancellationToken);
        var after = await ByReferenceAsync(entry, cancellationToken);
        if (after.FirstOrDefault(i => Status(i) != Draft) is { ValueKind: JsonValueKind.Object } done)
        {
            logger.LogInformation("Posted {Reference} to Business Central as purchase invoice {Number}", entry.ExternalReference, Number(done));
            return Confirmed(done);
        }

        if (answer.Succeeded)
        {
            throw new ErpOutcomeUnknownException($"{BusinessCentralApi.Erp} answered the post of purchase invoice {id} with success, but shows it as a draft.");
        }

        // Refused (closed period, blocked account, duplicate vendor invoice number): the draft goes, so a retry starts clean.
        var deleted = await api.WriteAsync(HttpMethod.Delete, api.Company($"purchaseInvoices({id})"), null, cancellationToken);
        if (!deleted.Succeeded)
        {
            logger.LogWarning("{Reference}: draft purchase invoice {Id} could not be deleted: {Error}", entry.ExternalReference, id, deleted.Error.Message);
        }

        var (refusedCode, refused) = answer.Error;
        return ErpPostingResult.Rejected(BusinessCentralApi.Erp, refusedCode, refused);
    }

    /// <summary>The posted invoice under the entry's reference; a draft is not found (the next post posts it).</summary>
    public async Task<ErpDocumentLookup> FindAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        var posted = (await ByReferenceAsync(entry, cancellationToken)).Where(i => Status(i) != Draft).ToList();
        return posted.Count == 0
            ? ErpDocumentLookup.NotFound(authoritative: true)
            : new ErpDocumentLookup(Number(posted[0]), posted.Count, BookedEntry.Differences(Ours(entry), Theirs(posted[0])), Authoritative: true);
    }

    /// <summary>
    /// Posted invoices whose vendor invoice number starts <c>FF-</c>, of every vendor (each employee can be one), under our full reference.
    /// </summary>
    /// <param name="window">Posting dates to read (OData's <c>ge</c>/<c>le</c> on <c>postingDate</c>); null for all.</param>
    public async Task<IReadOnlyList<ErpLedgerTransaction>> ListPostedAsync(LedgerWindow? window, CancellationToken cancellationToken)
    {
        var filter = $"startswith(vendorInvoiceNumber,{BusinessCentralApi.Literal(LedgerReconciliation.ReferencePrefix)})" + BusinessCentralApi.PostingDates(window);
        var invoices = await api.ListAsync(api.Company("purchaseInvoices?$filter=" + Uri.EscapeDataString(filter) + "&$expand=purchaseInvoiceLines"), cancellationToken);
        return [.. invoices.Where(i => Status(i) != Draft).Select(i =>
        {
            var vendorInvoiceNumber = i.GetProperty("vendorInvoiceNumber").GetString() ?? string.Empty;
            var read = Lines(i).Select(l => BusinessCentralReference.ReadDescription(Text(l, "description"), c => BusinessCentralReference.ExternalNumber(c) == vendorInvoiceNumber))
                .FirstOrDefault(r => r.Reference is not null);
            var total = i.GetProperty("totalAmountIncludingTax").GetDecimal();
            return new ErpLedgerTransaction(
                read.Reference ?? vendorInvoiceNumber, Date(i), read.Remainder, new Dictionary<string, decimal>(StringComparer.Ordinal) { [options.LocalCurrency] = total });
        })];
    }

    /// <summary>
    /// Our posted invoices (of every vendor: each employee can be one) Business Central shows as <c>Paid</c> (status <c>Paid</c>: the vendor ledger entry is closed by a payment),
    /// last modified on or after <paramref name="since"/>. The API names no payment document, so the payment's id is the invoice's
    /// (<c>{number}/paid</c>), its amount the invoice total and its date the day the invoice became paid; a part payment leaves the
    /// invoice <c>Open</c> and is not seen: record it through the payment route.
    /// </summary>
    public async Task<ErpPaymentRead> ListPaidAsync(DateOnly since, CancellationToken cancellationToken)
    {
        var filter = $"startswith(vendorInvoiceNumber,{BusinessCentralApi.Literal(LedgerReconciliation.ReferencePrefix)}) and status eq 'Paid'";
        var invoices = await api.ListAsync(api.Company("purchaseInvoices?$filter=" + Uri.EscapeDataString(filter) + "&$expand=purchaseInvoiceLines"), cancellationToken);
        var payments = new List<ErpPayment>();
        foreach (var invoice in invoices)
        {
            var paidOn = DateOnly.FromDateTime(DateTimeOffset.Parse(Text(invoice, "lastModifiedDateTime"), CultureInfo.InvariantCulture).UtcDateTime);
            if (paidOn < since)
            {
                continue;
            }

            var vendorInvoiceNumber = Text(invoice, "vendorInvoiceNumber");
            var reference = Lines(invoice).Select(l => BusinessCentralReference.ReadDescription(Text(l, "description"), c => BusinessCentralReference.ExternalNumber(c) == vendorInvoiceNumber).Reference)
                .FirstOrDefault(r => r is not null) ?? vendorInvoiceNumber;
            var currency = Text(invoice, "currencyCode") is { Length: > 0 } code ? code : options.LocalCurrency;
            payments.Add(new ErpPayment(Number(invoice) + "/paid", reference, paidOn, invoice.GetProperty("totalAmountIncludingTax").GetDecimal(), currency));
        }

        return new ErpPaymentRead(payments, []);
    }

    /// <summary>The employee's vendor (<see cref="JournalEntry.EmployeeErpId"/>), else the ledger's <c>VendorNumber</c>; null when neither is set.</summary>
    public string? Vendor(JournalEntry entry) =>
        !string.IsNullOrWhiteSpace(entry.EmployeeErpId) ? entry.EmployeeErpId
        : !string.IsNullOrWhiteSpace(options.VendorNumber) ? options.VendorNumber
        : null;

    private async Task<IReadOnlyList<JsonElement>> ByReferenceAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        // By our number alone, not by vendor: the report's invoice is found even after the employee's vendor changed in master data.
        var filter = $"vendorInvoiceNumber eq {BusinessCentralApi.Literal(BusinessCentralReference.ExternalNumber(entry.ExternalReference))}";
        return await api.ListAsync(api.Company("purchaseInvoices?$filter=" + Uri.EscapeDataString(filter) + "&$expand=purchaseInvoiceLines"), cancellationToken);
    }

    private JsonObject Body(JournalEntry entry)
    {
        var date = entry.AccountingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lines = new JsonArray();
        foreach (var line in entry.Lines.Where(l => !IsPayable(l) && l.Debit - l.Credit != 0m))
        {
            lines.Add(new JsonObject
            {
                ["lineType"] = "Account",
                ["lineObjectNumber"] = line.Account,
                ["description"] = BusinessCentralReference.Description(entry.ExternalReference, line.CostCenter, line.Project, line.Memo ?? entry.Description),
                ["quantity"] = 1,
                ["unitCost"] = line.Debit - line.Credit,
            });
        }

        return new JsonObject
        {
            ["vendorNumber"] = Vendor(entry),
            ["vendorInvoiceNumber"] = BusinessCentralReference.ExternalNumber(entry.ExternalReference),
            ["invoiceDate"] = date,
            ["postingDate"] = date,
            ["purchaseInvoiceLines"] = lines,
        };
    }

    // The payable side is the vendor's: compared as the invoice total, not by account.
    private BookedEntry Ours(JournalEntry entry)
    {
        var books = BusinessCentralBooks.Ours(entry);
        var payable = entry.Lines.Where(IsPayable).Sum(l => l.Debit - l.Credit);
        return books with
        {
            Lines = [.. books.Lines.Where((_, i) => !IsPayable(entry.Lines[i])), new BookedLine(VendorAccount(Vendor(entry)), entry.Currency, payable, null, null)],
        };
    }

    private BookedEntry Theirs(JsonElement invoice)
    {
        var vendorInvoiceNumber = Text(invoice, "vendorInvoiceNumber");
        var lines = Lines(invoice).Select(l =>
        {
            var (_, costCenter, project, _) = BusinessCentralReference.ReadDescription(Text(l, "description"), c => BusinessCentralReference.ExternalNumber(c) == vendorInvoiceNumber);
            return new BookedLine(Text(l, "lineObjectNumber"), options.LocalCurrency, l.GetProperty("unitCost").GetDecimal() * l.GetProperty("quantity").GetDecimal(), costCenter, project);
        }).ToList();
        return new BookedEntry(Date(invoice), null, [.. lines, new BookedLine(VendorAccount(Text(invoice, "vendorNumber")), options.LocalCurrency, -lines.Sum(l => l.Amount), null, null)]);
    }

    private static string VendorAccount(string? vendor) => "vendor " + vendor;

    private static bool IsPayable(JournalLine line) => line.Role == AccountRole.EmployeePayable;

    private static IEnumerable<JsonElement> Lines(JsonElement invoice) =>
        invoice.TryGetProperty("purchaseInvoiceLines", out var lines) && lines.ValueKind == JsonValueKind.Array ? lines.EnumerateArray() : [];

    private static ErpPostingResult Confirmed(JsonElement invoice) =>
        new(true, Number(invoice), null, new ErpConfirmation(Number(invoice), null, Date(invoice), null, Id(invoice)));

    private static ErpPostingResult NotSent(string why) => new(false, null, "Not sent to Business Central: " + why);

    private static string Status(JsonElement invoice) => Text(invoice, "status");

    private static string Number(JsonElement invoice) => Text(invoice, "number");

    private static string Id(JsonElement invoice) => Text(invoice, "id");

    private static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var value) ? value.GetString() ?? string.Empty : string.Empty;

    private static DateOnly Date(JsonElement invoice) => DateOnly.ParseExact(Text(invoice, "postingDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
