using System.Text;
using System.Text.Json.Nodes;
using FinanceFlow.Connectors.Concur;

namespace FinanceFlow.Connectors.Tests.Concur;

/// <summary>One journal row of an entry: who pays whom, on which account, the signed gross amount, and the reclaimable VAT in it.</summary>
internal sealed record ConcurRow(string Payer, string Payee, string Account, decimal Gross, decimal Vat = 0m)
{
    /// <summary>COMP → payee.</summary>
    public static ConcurRow Pays(string payee, string account, decimal gross) => new("COMP", payee, account, gross);
}

/// <summary>
/// Builds an FIS expense document in the schema's shape (financial-documents-schema.md), as the page Concur answers,
/// with fields the schema does not list at every level, so every test also proves they are ignored.
/// </summary>
internal sealed class ConcurDocumentBuilder(string currency, string companyId = "CARDCO")
{
    public const string EmployeeId = "E-7";

    /// <summary>The employee vendor account the default account map gives <see cref="EmployeeId"/>.</summary>
    public const string EmployeeAccount = "liabilities:employees:e-7";

    private readonly JsonArray _entries = [];
    private readonly JsonArray _advances = [];
    private decimal _total;
    private decimal _advanceReturns;

    /// <summary>A business entry (an itemization is an entry of its own).</summary>
    public ConcurDocumentBuilder Entry(string expenseType, decimal amount, string paymentType, params ConcurRow[] rows) =>
        Add(expenseType, amount, paymentType, personal: false, offset: false, rows);

    /// <summary>A business entry of a report that uses offsets (offsetPayType Y).</summary>
    public ConcurDocumentBuilder OffsetEntry(string expenseType, decimal amount, string paymentType, params ConcurRow[] rows) =>
        Add(expenseType, amount, paymentType, personal: false, offset: true, rows);

    /// <summary>A personal entry (entryIsPersonal Y) on the card clearing account 1295, as the schema says for CBCP.</summary>
    public ConcurDocumentBuilder Personal(string expenseType, decimal amount, string paymentType, bool offset, params ConcurRow[] rows) =>
        Add(expenseType, amount, paymentType, personal: true, offset, rows);

    /// <summary>A cash advance applied to the report; Concur sends the amount negative.</summary>
    public ConcurDocumentBuilder Advance(decimal applied, string clearingAccount)
    {
        _advances.Add(new JsonObject
        {
            ["cashAdvanceId"] = $"CA{_advances.Count + 1}",
            ["cashAdvanceApplicationAmount"] = applied,
            ["cashAdvanceClearingAccountCode"] = clearingAccount,
            ["cashAdvanceTransactionType"] = 2,
            ["cashAdvanceRequestName"] = "field the schema does not list",
        });
        return this;
    }

    /// <summary>report.cashAdvanceReturnsAmount: what the employee paid back.</summary>
    public ConcurDocumentBuilder AdvanceReturned(decimal amount)
    {
        _advanceReturns = amount;
        return this;
    }

    public byte[] Build()
    {
        var document = new JsonObject
        {
            ["employee"] = new JsonObject { ["employeeId"] = EmployeeId, ["employeeFirstName"] = "Kai", ["employeeLastName"] = "Berg", ["employeeCustom22Code"] = "unknown" },
            ["report"] = new JsonObject
            {
                ["reportId"] = "R-CATALOGUE-1",
                ["reportName"] = "Catalogue case",
                ["employeeCurrencyAlphaCode"] = currency,
                ["totalApprovedAmount"] = _total,
                ["cashAdvanceReturnsAmount"] = _advanceReturns,
                ["revisionNumber"] = 1,
                ["reportSubmitDate"] = "2024-06-03T09:00:00.000+0000",
                ["reportPaymentProcessingDate"] = "2024-06-04T09:00:00.000Z",
                ["reportApprovalChain"] = new JsonArray(new JsonObject { ["approver"] = "not in the schema" }),
            },
            ["expenseEntry"] = _entries,
            ["cashAdvanceApplication"] = _advances,
            ["travelAllowance"] = new JsonObject { ["anything"] = new JsonArray(1, 2, 3) },
        };
        var page = new JsonObject
        {
            ["fIDocuments"] = new JsonArray(new JsonObject
            {
                ["id"] = "DOC-CATALOGUE-1",
                ["docType"] = "expense",
                ["companyId"] = companyId,
                ["docStatus"] = "READY",
                ["erpSystemId"] = "ERP-1",
                ["document"] = document,
            }),
            ["links"] = new JsonArray(),
        };
        return Encoding.UTF8.GetBytes(page.ToJsonString());
    }

    public ConcurFinancialDocument Parse()
    {
        var result = ConcurDocumentParser.Parse(Build());
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Pointer} {e.Message}")));
        return result.Document!;
    }

    private ConcurDocumentBuilder Add(string expenseType, decimal amount, string paymentType, bool personal, bool offset, ConcurRow[] rows)
    {
        var id = $"E{_entries.Count + 1}";
        var journal = new JsonArray();
        var taxes = new JsonArray();
        foreach (var row in rows)
        {
            if (row.Vat != 0m)
            {
                taxes.Add(new JsonObject { ["taxGuid"] = $"T-{id}-{journal.Count}", ["taxCode"] = "VAT19", ["amountTax"] = row.Vat, ["amountReclaim"] = row.Vat });
            }

            journal.Add(new JsonObject
            {
                ["journalPayer"] = row.Payer,
                ["journalPayee"] = row.Payee,
                ["journalAccountCode"] = row.Account,
                ["amountGross"] = row.Gross,
                ["amountGrossCard"] = row.Payee is "IBCP" or "CBCP" ? row.Gross : null,
                ["amountNetOfTax"] = row.Gross - row.Vat,
                ["amountNetOfReclaim"] = row.Gross - row.Vat,
                ["taxGuid"] = row.Vat == 0m ? new JsonArray() : new JsonArray($"T-{id}-{journal.Count}"),
                ["journalLineNumber"] = journal.Count + 1,
            });
        }

        _entries.Add(new JsonObject
        {
            ["entryId"] = id,
            ["expenseTypeCode"] = expenseType.Length > 5 ? expenseType[..5].ToUpperInvariant() : expenseType.ToUpperInvariant(),
            ["expenseTypeName"] = expenseType,
            ["entryDate"] = "2024-06-01T00:00:00.000Z",
            ["entryCurrAlphaCode"] = currency,
            ["entryExchangeRate"] = 1,
            ["entryExchangeRateDirection"] = "M",
            ["entryApprovedAmount"] = amount,
            ["reportEntryTransactionAmount"] = amount,
            ["entryIsPersonal"] = personal ? "Y" : "N",
            ["reportEntryPatKey"] = paymentType,
            ["offsetPayType"] = offset ? "Y" : "N",
            ["clearingAccountCode"] = personal ? "1295" : null,
            ["cardTransactionID"] = paymentType is "IBCP" or "CBCP" ? $"TX-{id}" : null,
            ["entryCustom41Code"] = "beyond the schema's 40",
            ["allocation"] = new JsonArray(new JsonObject
            {
                ["allocationId"] = $"A-{id}",
                ["allocationPercentage"] = 100,
                ["allocationCustom4Code"] = "CC-10",
                ["allocationAccountCode"] = "field of invoices, not expenses",
                ["journal"] = journal,
                ["tax"] = taxes,
            }),
        });
        if (!personal)
        {
            _total += amount;
        }

        return this;
    }
}
