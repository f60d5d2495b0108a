using System.Text.Json;

namespace FinanceFlow.Cli.Load;

/// <summary>Makes distinct, valid canonical reports for load: 1–5 lines, several employees and currencies, receipts where needed.</summary>
public sealed class ReportGenerator(string runId, int seed)
{
    // A real one-page PDF (magic bytes %PDF-), so receipt sniffing accepts it.
    private const string ReceiptPdfBase64 = "JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMTAwXSAvQ29udGVudHMgNCAwIFIgL1Jlc291cmNlcyA8PCAvRm9udCA8PCAvRjEgNSAwIFIgPj4gPj4gPj4KZW5kb2JqCjQgMCBvYmoKPDwgL0xlbmd0aCA1OSA+PgpzdHJlYW0KQlQgL0YxIDEwIFRmIDIwIDYwIFRkIChGaW5hbmNlRmxvdyBsb2FkIHRlc3QgcmVjZWlwdCkgVGogRVQKZW5kc3RyZWFtCmVuZG9iago1IDAgb2JqCjw8IC9UeXBlIC9Gb250IC9TdWJ0eXBlIC9UeXBlMSAvQmFzZUZvbnQgL0hlbHZldGljYSA+PgplbmRvYmoKeHJlZgowIDYKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDA5IDAwMDAwIG4gCjAwMDAwMDAwNTggMDAwMDAgbiAKMDAwMDAwMDExNSAwMDAwMCBuIAowMDAwMDAwMjQxIDAwMDAwIG4gCjAwMDAwMDAzNTAgMDAwMDAgbiAKdHJhaWxlcgo8PCAvU2l6ZSA2IC9Sb290IDEgMCBSID4+CnN0YXJ0eHJlZgo0MjAKJSVFT0YK";

    private const decimal ReceiptRequiredAbove = 75m;

    private static readonly (string Id, string Name, string ManagerId, string Manager)[] People =
    [
        ("E100", "Ada Lovelace", "M200", "Grace Hopper"),
        ("E101", "Alan Turing", "M201", "Joan Clarke"),
        ("E102", "Karl Weierstrass", "M202", "Emmy Noether"),
        ("E104", "Leonhard Euler", "M204", "Marie Curie"),
        ("E105", "Katherine Johnson", "M205", "Dorothy Vaughan"),
        ("E106", "Sophie Germain", "M200", "Grace Hopper"),
        ("E107", "Edsger Dijkstra", "M201", "Joan Clarke"),
        ("E108", "Frances Allen", "M205", "Dorothy Vaughan"),
    ];

    private static readonly (string Currency, string Entity, string TaxCode, decimal TaxRate)[] Entities =
    [
        ("USD", "US01", "US-SALES", 0.0875m),
        ("USD", "US01", "US-EXEMPT", 0m),
        ("EUR", "DE01", "DE-VAT19", 0.19m),
        ("GBP", "GB01", "GB-STD20", 0.20m),
        ("CHF", "CH01", "CH-VAT81", 0.081m),
    ];

    private static readonly string[] ExpenseTypes = ["Meals", "Taxi", "Hotel", "Train", "Parking", "Software", "Office supplies"];

    private static readonly string[] CostCenters = ["CC-100", "CC-200", "CC-310", "CC-410", "CC-700"];

    /// <summary>The report id of the <paramref name="index"/>-th report of this run.</summary>
    public string ReportId(int index) => $"LOAD-{runId}-{index:D6}";

    public byte[] Generate(int index, DateTimeOffset now)
    {
        var random = new Random(HashCode.Combine(seed, index));
        var person = People[random.Next(People.Length)];
        var entity = Entities[random.Next(Entities.Length)];
        var lineCount = random.Next(1, 6);
        var lines = Enumerable.Range(1, lineCount).Select(n => NewLine(random, n, entity.TaxRate)).ToList();
        var today = DateOnly.FromDateTime((now - TimeSpan.FromDays(1)).UtcDateTime);

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("reportId", ReportId(index));
            json.WriteNumber("version", 1);
            json.WriteString("legalEntity", entity.Entity);
            json.WriteString("title", $"Load test report {index}");
            WriteParty(json, "employee", person.Id, person.Name);
            WriteParty(json, "submitter", person.Id, person.Name);
            json.WriteStartArray("approvals");
            json.WriteStartObject();
            WriteParty(json, "approver", person.ManagerId, person.Manager);
            json.WriteString("approvedAt", Instant(now.AddHours(-25)));
            json.WriteString("level", "manager");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteString("currency", entity.Currency);
            json.WriteNumber("totalAmount", lines.Sum(l => l.Gross));
            json.WriteString("submittedAt", Instant(now.AddHours(-26)));
            json.WriteString("accountingDate", today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteStartArray("lines");
            foreach (var line in lines)
            {
                WriteLine(json, line, entity.TaxCode, today.AddDays(-random.Next(1, 15)), random);
            }

            json.WriteEndArray();
            json.WriteStartArray("attachments");
            if (lines.Any(l => l.Gross > ReceiptRequiredAbove))
            {
                json.WriteStartObject();
                json.WriteString("fileName", "receipts.pdf");
                json.WriteString("contentType", "application/pdf");
                json.WriteString("contentBase64", ReceiptPdfBase64);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static GeneratedLine NewLine(Random random, int number, decimal taxRate)
    {
        var net = random.Next(500, 14_000) / 100m;
        var tax = decimal.Round(net * taxRate, 2, MidpointRounding.AwayFromZero);
        return new GeneratedLine(number.ToString(System.Globalization.CultureInfo.InvariantCulture), net, tax, net + tax);
    }

    private static void WriteLine(Utf8JsonWriter json, GeneratedLine line, string taxCode, DateOnly date, Random random)
    {
        json.WriteStartObject();
        json.WriteString("lineId", line.Id);
        json.WriteString("expenseType", ExpenseTypes[random.Next(ExpenseTypes.Length)]);
        json.WriteString("transactionDate", date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("merchant", "Merchant " + random.Next(1, 500).ToString(System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("paymentType", random.Next(3) == 0 ? "companyCard" : "outOfPocket");
        json.WriteNumber("grossAmount", line.Gross);
        json.WriteNumber("taxAmount", line.Tax);
        json.WriteNumber("netAmount", line.Net);
        json.WriteString("taxCode", line.Tax == 0 ? "EXEMPT" : taxCode);
        json.WriteNumber("taxDeductiblePercent", line.Tax == 0 ? 0 : 100);
        json.WriteString("description", "generated by financeflow load");
        json.WriteStartArray("allocations");
        var first = CostCenters[random.Next(CostCenters.Length)];
        var second = CostCenters[random.Next(CostCenters.Length)];
        switch (random.Next(3))
        {
            case 0:
                WriteAllocation(json, first, null, percent: 100m, amount: null);
                break;
            case 1:
                WriteAllocation(json, first, null, percent: 60m, amount: null);
                WriteAllocation(json, second, "P-LOAD", percent: 40m, amount: null);
                break;
            default:
                var part = decimal.Round(line.Gross / 3, 2, MidpointRounding.AwayFromZero);
                WriteAllocation(json, first, null, percent: null, amount: part);
                WriteAllocation(json, second, "P-LOAD", percent: null, amount: line.Gross - part);
                break;
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteAllocation(Utf8JsonWriter json, string costCenter, string? project, decimal? percent, decimal? amount)
    {
        json.WriteStartObject();
        json.WriteString("costCenter", costCenter);
        if (project is not null)
        {
            json.WriteString("project", project);
        }

        if (percent is { } p)
        {
            json.WriteNumber("percent", p);
        }

        if (amount is { } a)
        {
            json.WriteNumber("amount", a);
        }

        json.WriteEndObject();
    }

    private static string Instant(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static void WriteParty(Utf8JsonWriter json, string name, string id, string displayName)
    {
        json.WriteStartObject(name);
        json.WriteString("id", id);
        json.WriteString("name", displayName);
        json.WriteEndObject();
    }

    private sealed record GeneratedLine(string Id, decimal Net, decimal Tax, decimal Gross);
}
