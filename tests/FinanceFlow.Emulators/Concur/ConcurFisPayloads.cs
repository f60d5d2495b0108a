using System.Text.Json.Nodes;
using FinanceFlow.Testing;

namespace FinanceFlow.Emulators.Concur;

/// <summary>The Concur reference payloads in <c>shared/reference</c> (concur-fis, concur-events), read as published or shaped into answers.</summary>
public static class ConcurFisPayloads
{
    /// <summary>The company of the reference expense document.</summary>
    public const string CompanyId = "00001cd1-07a1-405f-b3e2-f83566ab4e39";

    public const string AcknowledgementsAnswer = "concur-fis-v4-acknowledgements-response.json";
    public const string PostingConfirmationsAnswer = "concur-fis-v4-postingconfirmations-response.json";
    public const string PaymentConfirmationsAnswer = "concur-fis-v4-paymentconfirmations-response.json";
    public const string ReadyForIntegrationEvent = "concur-ess-v4-financialintegration-expense.readyForIntegration.json";

    /// <summary>Use case 2.1 (one German taxi receipt with reclaimable VAT, paid by the employee): no credits, so posting-rule work on credits does not move it.</summary>
    public const string Example21 = "FI-API-ReportID-F071FADEA6B142DD884A-Example-2.1.json";

    public static string FisFolder => Path.Combine(RepoPaths.SharedReference, "concur-fis");

    public static string EventsFolder => Path.Combine(RepoPaths.SharedReference, "concur-events");

    /// <summary>A file of <see cref="FisFolder"/> as published.</summary>
    public static string Fis(string fileName) => File.ReadAllText(Path.Combine(FisFolder, fileName));

    /// <summary>A file of <see cref="EventsFolder"/> as published.</summary>
    public static string Event(string fileName) => File.ReadAllText(Path.Combine(EventsFolder, fileName));

    /// <summary>A use-case example of <c>concur-fis/examples</c> as published: <c>fIDocuments</c> holding one FIS document.</summary>
    public static string Example(string fileName) => File.ReadAllText(Path.Combine(FisFolder, "examples", fileName));

    /// <summary>An FIS page of one, as a docId GET answers, wrapping the reference expense document.</summary>
    public static string ExpensePage(string id) => new JsonObject
    {
        ["content"] = new JsonArray(new JsonObject
        {
            ["id"] = id,
            ["docType"] = "expense",
            ["companyId"] = CompanyId,
            ["entityId"] = "p0608532bdtt",
            ["document"] = JsonNode.Parse(Fis("concur-fis-v4-document-expense.json")),
            ["docStatus"] = "READY",
            ["links"] = new JsonArray(),
        }),
        ["page"] = new JsonObject { ["size"] = 1, ["totalElements"] = 1, ["totalPages"] = 1, ["number"] = 0 },
    }.ToJsonString();

    /// <summary>
    /// An item of the FIS document list (Get Financial Transactions <c>content[]</c>) holding <paramref name="document"/> (the reference
    /// expense document when null), embedded as an object or, with <paramref name="asString"/>, as a JSON string as the guide's sample shows it.
    /// </summary>
    public static JsonObject ListItem(string id, string docType = "expense", JsonNode? document = null, bool asString = false)
    {
        var body = document?.DeepClone() ?? JsonNode.Parse(Fis("concur-fis-v4-document-expense.json"))!;
        return new JsonObject
        {
            ["id"] = id,
            ["docType"] = docType,
            ["companyId"] = CompanyId,
            ["entityId"] = "p0608532bdtt",
            ["companyUuid"] = CompanyId,
            ["erpSystemId"] = null,
            ["document"] = asString ? JsonValue.Create(body.ToJsonString()) : body,
            ["docStatus"] = "READY",
            ["links"] = new JsonArray(),
        };
    }

    /// <summary>The reference expense document as report <paramref name="reportId"/> (a document of its own for the list).</summary>
    public static JsonNode ExpenseDocument(string reportId)
    {
        var document = JsonNode.Parse(Fis("concur-fis-v4-document-expense.json"))!;
        document["report"]!["reportId"] = reportId;
        return document;
    }

    /// <summary>The first item of a reference answer (acknowledgement or posting confirmation), for <paramref name="documentId"/>.</summary>
    public static string AnswerFor(string fileName, string documentId) => One(JsonNode.Parse(Fis(fileName))!, 0, documentId);

    /// <summary>
    /// The reference payment-confirmation answer with the comma the guide misses between its third and fourth objects put back;
    /// <c>Fis(PaymentConfirmationsAnswer)</c> is the answer as published, which no JSON reader accepts.
    /// </summary>
    public static string PaymentAnswer() => Fis(PaymentConfirmationsAnswer).Replace("  }\n  {", "  },\n  {", StringComparison.Ordinal);

    /// <summary>Item <paramref name="index"/> of the repaired payment answer (0 SUCCESS, 1 not found 116, 2 code 298 NOOP), for <paramref name="documentId"/>.</summary>
    public static string PaymentAnswerFor(string documentId, int index = 0) => One(JsonNode.Parse(PaymentAnswer())!, index, documentId);

    /// <summary>
    /// The answer to a payment confirmation Concur holds already: the sample's NOOP item with code 213, which the guide's
    /// service-code table gives to "payment confirmation has been posted" (its sample's 298 is an invalid payment request there).
    /// </summary>
    public static string PaymentAlreadyConfirmedFor(string documentId)
    {
        var answer = JsonNode.Parse(PaymentAnswerFor(documentId, index: 2))!;
        answer[0]!["code"] = 213;
        return answer.ToJsonString();
    }

    /// <summary>The reference <c>expense.readyForIntegration</c> event announcing <paramref name="documentId"/> at <paramref name="baseUrl"/>.</summary>
    public static string ReadyEvent(string baseUrl, string documentId)
    {
        var node = JsonNode.Parse(Event(ReadyForIntegrationEvent))!;
        node["facts"]!["documentId"] = documentId;
        node["facts"]!["href"] = $"{baseUrl}{ConcurFisEmulator.TransactionsPath}?docId={documentId}";
        return node.ToJsonString();
    }

    private static string One(JsonNode answer, int index, string documentId)
    {
        var item = answer.AsArray()[index]!.DeepClone();
        item["docId"] = documentId;
        return new JsonArray(item).ToJsonString();
    }
}
