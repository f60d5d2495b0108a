using System.Text.Json;

namespace FinanceFlow.Connectors.Concur;

/// <summary>The envelope, the body and its expense-report and cash-advance blocks; the field names are those of <see cref="ConcurPayloadJson"/>.</summary>
internal ref partial struct ConcurBoundedReader
{
    // ConcurBodyJson, then ConcurEnvelopeJson, then ConcurPayloadJson: each table starts with the one before it.
    private static readonly string[] BodyFields =
        ["employee", "report", "expenseEntry", "cashAdvanceApplication", "employeeData", "cashAdvanceData", "journalData", "requestHeader"];

    private static readonly string[] EnvelopeFields =
        [.. BodyFields, "id", "docType", "companyId", "entityId", "companyUuid", "erpSystemId", "docStatus", "document"];

    private static readonly ConcurFieldNames BodyNames = new(BodyFields);
    private static readonly ConcurFieldNames EnvelopeNames = new(EnvelopeFields);
    private static readonly ConcurFieldNames PayloadNames = new([.. EnvelopeFields, "fIDocuments", "content"]);

    private static readonly ConcurFieldNames EmployeeNames = new("employeeId", "employeeFirstName", "employeeMI", "employeeLastName");

    private static readonly ConcurFieldNames ReportNames = new(
        "reportId", "reportKey", "reportName", "employeeCurrencyAlphaCode", "totalApprovedAmount", "cashAdvanceReturnsAmount",
        "revisionNumber", "versionId", "ledgerCode", "homeCountryCode", "isTest", "payrollPayIndicator", "reportCreationDate",
        "reportSubmitDate", "reportPaymentProcessingDate", "reportUserDefinedDate", "reportStartDate", "reportEndDate",
        "reportOrgUnit1Code", "reportOrgUnit2Code");

    private static readonly ConcurFieldNames CashAdvanceNames = new(
        "cashAdvanceId", "name", "purpose", "currencyAlphaCode", "employeeCurrencyAlphaCode", "exchangeRate", "requestAmount",
        "requestDate", "issuedDate", "transactionType", "paymentMethod", "isTest");

    private static readonly ConcurFieldNames AdvanceRowNames = new("accountCode", "amount", "debitOrCredit", "payer", "payee", "paymentCode");

    private ConcurPayloadJson Payload()
    {
        var payload = new ConcurPayloadJson();
        Body(payload, PayloadNames);
        return payload;
    }

    private List<ConcurEnvelopeJson>? Envelopes() => List(static (ref ConcurBoundedReader reader) => reader.Envelope());

    private ConcurEnvelopeJson Envelope()
    {
        var envelope = new ConcurEnvelopeJson();
        Body(envelope, EnvelopeNames);
        return envelope;
    }

    /// <summary>Fills a body, an envelope or a payload, as <paramref name="names"/> says which it is.</summary>
    private void Body(ConcurBodyJson body, ConcurFieldNames names)
    {
        var state = Open();
        var envelope = body as ConcurEnvelopeJson;
        var payload = body as ConcurPayloadJson;
        while (NextMember(names, ref state, out var field))
        {
            switch (field)
            {
                case 0: body.Employee = Employee(); break;
                case 1: body.Report = Report(); break;
                case 2: body.ExpenseEntry = Entries(); break;
                case 3: body.CashAdvanceApplication = Applications(); break;
                case 4: body.EmployeeData = Employee(); break;
                case 5: body.CashAdvanceData = CashAdvance(); break;
                case 6: body.JournalData = AdvanceRows(); break;
                case 7: throw new NotHandledException(); // requestHeader: an invoice, which the general path names as such
                case 8: envelope!.Id = String(); break;
                case 9: envelope!.DocType = String(); break;
                case 10: envelope!.CompanyId = String(); break;
                case 11: envelope!.EntityId = String(); break;
                case 12: envelope!.CompanyUuid = String(); break;
                case 13: envelope!.ErpSystemId = String(); break;
                case 14: envelope!.DocStatus = String(); break;
                case 15: envelope!.Document = IsNull(JsonTokenType.StartObject) ? null : Document(); break;
                case 16: payload!.FIDocuments = Envelopes(); break;
                case 17: payload!.Content = Envelopes(); break;
                default: Skip(); break;
            }
        }
    }

    private ConcurBodyJson Document()
    {
        var document = new ConcurBodyJson();
        Body(document, BodyNames);
        return document;
    }

    private ConcurEmployee? Employee()
    {
        if (IsNull(JsonTokenType.StartObject))
        {
            return null;
        }

        string? id = null, first = null, middle = null, last = null;
        var state = Open();
        while (NextMember(EmployeeNames, ref state, out var field))
        {
            switch (field)
            {
                case 0: id = String(); break;
                case 1: first = String(); break;
                case 2: middle = String(); break;
                case 3: last = String(); break;
                default: Skip(); break;
            }
        }

        return new ConcurEmployee { EmployeeId = id, EmployeeFirstName = first, EmployeeMI = middle, EmployeeLastName = last };
    }

    private ConcurReport? Report()
    {
        if (IsNull(JsonTokenType.StartObject))
        {
            return null;
        }

        // Strings by field index; the amounts and dates have their own.
        var text = new string?[ReportNames.Count];
        decimal? total = null, returns = null;
        DateTimeOffset? created = null, submitted = null, processed = null, userDefined = null, started = null, ended = null;
        var state = Open();
        while (NextMember(ReportNames, ref state, out var field))
        {
            switch (field)
            {
                case 4: total = Decimal(); break;
                case 5: returns = Decimal(); break;
                case 12: created = Timestamp(); break;
                case 13: submitted = Timestamp(); break;
                case 14: processed = Timestamp(); break;
                case 15: userDefined = Timestamp(); break;
                case 16: started = Timestamp(); break;
                case 17: ended = Timestamp(); break;
                case >= 0: text[field] = String(); break;
                default: Skip(); break;
            }
        }

        return new ConcurReport
        {
            ReportId = text[0],
            ReportKey = text[1],
            ReportName = text[2],
            EmployeeCurrencyAlphaCode = text[3],
            TotalApprovedAmount = total,
            CashAdvanceReturnsAmount = returns,
            RevisionNumber = text[6],
            VersionId = text[7],
            LedgerCode = text[8],
            HomeCountryCode = text[9],
            IsTest = text[10],
            PayrollPayIndicator = text[11],
            ReportCreationDate = created,
            ReportSubmitDate = submitted,
            ReportPaymentProcessingDate = processed,
            ReportUserDefinedDate = userDefined,
            ReportStartDate = started,
            ReportEndDate = ended,
            ReportOrgUnit1Code = text[18],
            ReportOrgUnit2Code = text[19],
        };
    }

    private ConcurCashAdvanceData? CashAdvance()
    {
        if (IsNull(JsonTokenType.StartObject))
        {
            return null;
        }

        var text = new string?[CashAdvanceNames.Count];
        decimal? rate = null, requested = null;
        DateTimeOffset? requestDate = null, issued = null;
        var state = Open();
        while (NextMember(CashAdvanceNames, ref state, out var field))
        {
            switch (field)
            {
                case 5: rate = Decimal(); break;
                case 6: requested = Decimal(); break;
                case 7: requestDate = Timestamp(); break;
                case 8: issued = Timestamp(); break;
                case >= 0: text[field] = String(); break;
                default: Skip(); break;
            }
        }

        return new ConcurCashAdvanceData
        {
            CashAdvanceId = text[0],
            Name = text[1],
            Purpose = text[2],
            CurrencyAlphaCode = text[3],
            EmployeeCurrencyAlphaCode = text[4],
            ExchangeRate = rate,
            RequestAmount = requested,
            RequestDate = requestDate,
            IssuedDate = issued,
            TransactionType = text[9],
            PaymentMethod = text[10],
            IsTest = text[11],
        };
    }

    private List<ConcurCashAdvanceJournalRow>? AdvanceRows() => List(static (ref ConcurBoundedReader reader) => reader.AdvanceRow());

    private ConcurCashAdvanceJournalRow AdvanceRow()
    {
        var text = new string?[AdvanceRowNames.Count];
        decimal? amount = null;
        var state = Open();
        while (NextMember(AdvanceRowNames, ref state, out var field))
        {
            switch (field)
            {
                case 1: amount = Decimal(); break;
                case >= 0: text[field] = String(); break;
                default: Skip(); break;
            }
        }

        return new ConcurCashAdvanceJournalRow
        {
            AccountCode = text[0],
            Amount = amount,
            DebitOrCredit = text[2],
            Payer = text[3],
            Payee = text[4],
            PaymentCode = text[5],
        };
    }
}
