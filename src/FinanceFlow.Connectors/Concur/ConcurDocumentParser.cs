using System.Text;
using System.Text.Json;
using FinanceFlow.Core.Intake;

namespace FinanceFlow.Connectors.Concur;

/// <summary>The outcome of reading an FIS document: the document, or field paths (JSON pointers into the body) and reasons.</summary>
public sealed record ConcurParseResult(ConcurFinancialDocument? Document, IReadOnlyList<FieldError> Errors)
{
    /// <summary>True when a document was read and there are no errors.</summary>
    public bool IsValid => Document is not null && Errors.Count == 0;
}

/// <summary>Reads an expense or cash-advance financial document, as a page of one, a single resource or a bare body.</summary>
public static class ConcurDocumentParser
{
    /// <summary>Parses and checks every field the mapping and posting rules need.</summary>
    public static ConcurParseResult Parse(ReadOnlyMemory<byte> utf8Json) =>
        // Most documents are read in one pass that also holds the body to BoundedJson's bounds; the others, faulty ones included,
        // take the general path, which names what is wrong.
        ConcurBoundedReader.TryRead(utf8Json.Span, out var payload) ? Read(payload) : ParseGeneral(utf8Json);

    /// <summary>The general path: <see cref="BoundedJson.Check"/>, then the serializer with Concur's lenient readers.</summary>
    internal static ConcurParseResult ParseGeneral(ReadOnlyMemory<byte> utf8Json)
    {
        if (BoundedJson.Check(utf8Json.Span, nullItems: false) is { Count: > 0 } unreadable)
        {
            return new ConcurParseResult(null, unreadable);
        }

        ConcurPayloadJson? payload;
        try
        {
            payload = JsonSerializer.Deserialize<ConcurPayloadJson>(utf8Json.Span, ConcurJson.Options);
        }
        catch (JsonException ex)
        {
            var inner = ex.Data[EmbeddedBodyConverter.InnerPathKey] as string;
            return Fail(ToPointer(ex.Path) + ToPointer(inner), ShortMessage(ex.InnerException as JsonException ?? ex));
        }

        return payload is null ? Fail("", "The body is null; expected a financial document.") : Read(payload);
    }

    /// <summary>The one document of a payload, checked.</summary>
    private static ConcurParseResult Read(ConcurPayloadJson payload)
    {
        ConcurEnvelopeJson envelope = payload;
        var pointer = "";
        var (page, pageName) = payload.FIDocuments is not null ? (payload.FIDocuments, "fIDocuments") : (payload.Content, "content");
        if (page is not null)
        {
            if (page.Count != 1)
            {
                return Fail("/" + pageName, $"Expected exactly one document, found {page.Count}.");
            }

            envelope = page[0];
            pointer = $"/{pageName}/0";
        }

        ConcurBodyJson body = envelope;
        if (envelope.Document is not null)
        {
            body = envelope.Document;
            pointer += "/document";
        }

        var inferred = body.HasCashAdvanceBody && !body.HasExpenseBody ? "cashadvance" : body.RequestHeader is not null && !body.HasExpenseBody ? "invoice" : "expense";
        var docType = (envelope.DocType ?? inferred).Trim().ToLowerInvariant();
        var errors = new List<FieldError>();
        ConcurFinancialDocument document;
        switch (docType)
        {
            case "expense":
                var expense = new ConcurExpenseDocument
                {
                    Employee = body.Employee,
                    Report = body.Report,
                    ExpenseEntry = body.ExpenseEntry,
                    CashAdvanceApplication = body.CashAdvanceApplication ?? [],
                };
                ConcurDocumentValidator.Check(expense, pointer, errors);
                document = new(envelope.Id, docType, envelope.CompanyId, envelope.EntityId, envelope.CompanyUuid, envelope.DocStatus, expense, null);
                break;
            case "cashadvance":
                var advance = new ConcurCashAdvanceDocument
                {
                    EmployeeData = body.EmployeeData ?? body.Employee,
                    CashAdvanceData = body.CashAdvanceData,
                    JournalData = body.JournalData,
                };
                ConcurDocumentValidator.Check(advance, pointer, errors);
                document = new(envelope.Id, docType, envelope.CompanyId, envelope.EntityId, envelope.CompanyUuid, envelope.DocStatus, null, advance);
                break;
            default:
                return Fail(envelope.DocType is null ? pointer : "/docType", $"Document type '{docType}' is not handled; expected expense or cashadvance.");
        }

        return errors.Count == 0 ? new(document, []) : new(null, errors);
    }

    private static ConcurParseResult Fail(string pointer, string message) => new(null, [new FieldError(pointer, message)]);

    // "$.fIDocuments[0].document.report.totalApprovedAmount" → "/fIDocuments/0/document/report/totalApprovedAmount".
    internal static string ToPointer(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "";
        }

        var pointer = new StringBuilder(path.Length);
        foreach (var c in path.AsSpan(1))
        {
            pointer.Append(c switch
            {
                '.' or '[' => '/',
                ']' or '\'' => '\0',
                _ => c,
            });
        }

        return pointer.Replace("\0", "").Replace("~", "~0").ToString();
    }

    // The serializer appends "Path: … | LineNumber: … | BytePositionInLine: …"; the pointer already says where.
    private static string ShortMessage(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = cut > 0 ? message[..cut] : message;
        return ex.LineNumber is { } line ? $"{text} (line {line + 1}, byte {ex.BytePositionInLine + 1})" : text;
    }
}
