using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FinanceFlow.Emulators.BusinessCentral;

/// <summary>Purchase invoices: deep insert with lines (bc-v2-purchaseInvoice-deep-insert-request.http), post, delete of a draft.</summary>
public sealed partial class BusinessCentralStore
{
    private BusinessCentralAnswer CreateInvoice(JsonNode? body, List<Action>? undo)
    {
        if (body is not JsonObject input)
        {
            return Error(400, "BadRequest", "Invalid Request Body");
        }

        var vendor = Text(input, "vendorNumber");
        if (!IsVendor(vendor))
        {
            return Error(400, "Internal_InvalidTableRelation", $"The field Buy-from Vendor No. of table Purchase Header contains a value ({vendor}) that cannot be found in the related table (Vendor).");
        }

        if (Length(input, "vendorInvoiceNumber", 35) is { } tooLong)
        {
            return tooLong;
        }

        if (!DateOnly.TryParseExact(Text(input, "postingDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return Error(400, "BadRequest", "Unable to convert value to Date");
        }

        var id = Guid.NewGuid().ToString();
        var lines = new JsonArray();
        var sequence = 0;
        foreach (var item in input["purchaseInvoiceLines"] as JsonArray ?? [])
        {
            if (item is not JsonObject line || Text(line, "lineType") != "Account")
            {
                return Error(400, "BadRequest", "The emulator takes lines of lineType 'Account' only.");
            }

            var account = Text(line, "lineObjectNumber");
            if (Account(account) is null)
            {
                return Error(400, "Internal_InvalidTableRelation", $"The field No. of table Purchase Line contains a value ({account}) that cannot be found in the related table (G/L Account).");
            }

            if (Length(line, "description", 100) is { } descriptionTooLong)
            {
                return descriptionTooLong;
            }

            var quantity = line["quantity"]?.GetValue<decimal>() ?? 0m;
            var unitCost = line["unitCost"]?.GetValue<decimal>() ?? 0m;
            sequence += 10000;
            lines.Add(new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["documentId"] = id,
                ["sequence"] = sequence,
                ["accountId"] = Text(Account(account)!, "id"),
                ["lineType"] = "Account",
                ["lineObjectNumber"] = account,
                ["description"] = Text(line, "description"),
                ["unitCost"] = unitCost,
                ["quantity"] = quantity,
                ["amountExcludingTax"] = unitCost * quantity,
                ["amountIncludingTax"] = unitCost * quantity,
                ["netAmount"] = unitCost * quantity,
            });
        }

        var total = lines.Sum(l => l!["amountIncludingTax"]!.GetValue<decimal>());
        var invoice = new JsonObject
        {
            ["id"] = id,
            ["number"] = (_nextInvoice++).ToString(CultureInfo.InvariantCulture),
            ["invoiceDate"] = Text(input, "invoiceDate") is { Length: > 0 } invoiceDate ? invoiceDate : Text(input, "postingDate"),
            ["postingDate"] = Text(input, "postingDate"),
            ["dueDate"] = Text(input, "postingDate"),
            ["vendorInvoiceNumber"] = Text(input, "vendorInvoiceNumber").ToUpperInvariant(),
            ["vendorNumber"] = vendor,
            ["vendorName"] = "Employee reimbursements",
            ["currencyCode"] = Text(input, "currencyCode"),
            ["pricesIncludeTax"] = false,
            ["totalAmountExcludingTax"] = total,
            ["totalTaxAmount"] = 0m,
            ["totalAmountIncludingTax"] = total,
            ["status"] = "Draft",
            ["lastModifiedDateTime"] = Now(),
            ["purchaseInvoiceLines"] = lines,
        };
        _invoices.Add(invoice);
        undo?.Add(() => _invoices.Remove(invoice));
        return new BusinessCentralAnswer(201, Invoice(invoice, expand: false));
    }

    private BusinessCentralAnswer InvoiceCall(string method, Match match, bool expand, List<Action>? undo)
    {
        var invoice = _invoices.FirstOrDefault(i => Text(i, "id") == match.Groups["invoice"].Value);
        if (invoice is null)
        {
            return Error(404, "Internal_RecordNotFound", $"The Purchase Header does not exist. Identification fields and values: SystemId='{match.Groups["invoice"].Value}'");
        }

        return (method.ToUpperInvariant(), match.Groups["action"].Value) switch
        {
            ("GET", "") => new BusinessCentralAnswer(200, Invoice(invoice, expand)),
            ("DELETE", "") when Text(invoice, "status") == "Draft" => Remove(invoice, undo),
            ("POST", "/Microsoft.NAV.post") => PostInvoice(invoice),
            _ => Error(405, "BadRequest_MethodNotAllowed", $"'{method}' requests are not allowed here."),
        };
    }

    private BusinessCentralAnswer Remove(JsonObject invoice, List<Action>? undo)
    {
        _invoices.Remove(invoice);
        undo?.Add(() => _invoices.Add(invoice));
        return new BusinessCentralAnswer(204, null);
    }

    private BusinessCentralAnswer PostInvoice(JsonObject invoice)
    {
        if (Text(invoice, "status") != "Draft")
        {
            return Error(400, "Application_DialogException", $"Purchase Invoice {Text(invoice, "number")} is already posted.");
        }

        var vendorInvoiceNumber = Text(invoice, "vendorInvoiceNumber");
        if (_invoices.Any(i => i != invoice && Text(i, "status") != "Draft" && Text(i, "vendorNumber") == Text(invoice, "vendorNumber") && Text(i, "vendorInvoiceNumber") == vendorInvoiceNumber))
        {
            return Error(400, "Application_DialogException", $"Purchase Invoice {vendorInvoiceNumber} already exists for this vendor.");
        }

        var lines = (invoice["purchaseInvoiceLines"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (lines.Count == 0)
        {
            return Error(400, "Application_DialogException", "There is nothing to post.");
        }

        foreach (var line in lines)
        {
            if (BusinessCentralPosting.Problem(this, Text(line, "lineObjectNumber"), Text(invoice, "postingDate"), $"Purchase Header Document Type='Invoice',No.='{Text(invoice, "number")}'") is { } problem)
            {
                return problem;
            }
        }

        var number = "P" + (_nextPostedInvoice++).ToString(CultureInfo.InvariantCulture);
        var date = Text(invoice, "postingDate");
        foreach (var line in lines)
        {
            AddLedgerEntry(date, number, Text(line, "lineObjectNumber"), Text(line, "description"), line["amountIncludingTax"]!.GetValue<decimal>());
        }

        AddLedgerEntry(date, number, VendorPayablesAccount, "Invoice " + number, -invoice["totalAmountIncludingTax"]!.GetValue<decimal>());
        CountPosted(number);
        invoice["number"] = number;
        invoice["status"] = "Open";
        invoice["lastModifiedDateTime"] = Now();
        return new BusinessCentralAnswer(204, null);
    }

    private static JsonObject Invoice(JsonObject invoice, bool expand)
    {
        var copy = (JsonObject)invoice.DeepClone();
        if (!expand)
        {
            copy.Remove("purchaseInvoiceLines");
        }

        return copy;
    }
}
