using System.Text.Json;
using System.Text.Json.Serialization;

namespace FinanceFlow.Connectors.Concur;

/// <summary>Every field a financial-document body can carry, expense or cash advance; the parser decides which it is.</summary>
internal class ConcurBodyJson
{
    public ConcurEmployee? Employee { get; set; }

    public ConcurReport? Report { get; set; }

    public List<ConcurExpenseEntry>? ExpenseEntry { get; set; }

    public List<ConcurCashAdvanceApplication>? CashAdvanceApplication { get; set; }

    public ConcurEmployee? EmployeeData { get; set; }

    public ConcurCashAdvanceData? CashAdvanceData { get; set; }

    public List<ConcurCashAdvanceJournalRow>? JournalData { get; set; }

    /// <summary>Only looked at to name an invoice body as such; invoices are not handled here.</summary>
    public JsonElement? RequestHeader { get; set; }

    public bool HasExpenseBody => Report is not null || ExpenseEntry is not null || Employee is not null;

    public bool HasCashAdvanceBody => CashAdvanceData is not null || JournalData is not null || EmployeeData is not null;
}

/// <summary>An FIS document resource: envelope fields and the body under <c>document</c>.</summary>
internal class ConcurEnvelopeJson : ConcurBodyJson
{
    public string? Id { get; set; }

    public string? DocType { get; set; }

    public string? CompanyId { get; set; }

    public string? EntityId { get; set; }

    public string? CompanyUuid { get; set; }

    public string? ErpSystemId { get; set; }

    public string? DocStatus { get; set; }

    [JsonConverter(typeof(EmbeddedBodyConverter))]
    public ConcurBodyJson? Document { get; set; }
}

/// <summary>What a GET may answer: a page (<c>fIDocuments</c> in the published examples, <c>content</c> in the guide), one resource, or a bare body.</summary>
internal sealed class ConcurPayloadJson : ConcurEnvelopeJson
{
    [JsonPropertyName("fIDocuments")]
    public List<ConcurEnvelopeJson>? FIDocuments { get; set; }

    public List<ConcurEnvelopeJson>? Content { get; set; }
}

/// <summary>The guide shows <c>document</c> as a string; a string holding JSON is read as the body.</summary>
internal sealed class EmbeddedBodyConverter : JsonConverter<ConcurBodyJson>
{
    public override ConcurBodyJson? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.StartObject => ReadObject(ref reader, options),
        JsonTokenType.String => ReadEmbedded(reader.GetString()!, options),
        _ => throw new JsonException($"Expected the document as an object or a JSON string, found {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, ConcurBodyJson value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);

    /// <summary>Key of <see cref="Exception.Data"/> holding the path inside the document, which the outer path does not include.</summary>
    public const string InnerPathKey = "ConcurDocumentPath";

    // A nested Deserialize reports paths from the document's root; hand the serializer an exception without a path,
    // so it fills in the outer one, and keep the inner one for the parser to append.
    private static ConcurBodyJson? ReadObject(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Deserialize<ConcurBodyJson>(ref reader, options);
        }
        catch (JsonException ex) when (ex.Path is not null)
        {
            var outer = new JsonException(ex.Message, ex);
            outer.Data[InnerPathKey] = ex.Path;
            throw outer;
        }
    }

    private static ConcurBodyJson? ReadEmbedded(string json, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Deserialize<ConcurBodyJson>(json, options);
        }
        catch (JsonException ex)
        {
            throw new JsonException($"The document string is not a JSON financial document: {ex.Message}", ex);
        }
    }
}
