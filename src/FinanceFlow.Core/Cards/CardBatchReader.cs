using System.Globalization;
using System.Text.Json;
using FinanceFlow.Core.Intake;
using Json.Schema;

namespace FinanceFlow.Core.Cards;

/// <summary>The outcome of reading a card batch: the batch, or every error found (JSON pointers into <c>data</c>).</summary>
public sealed record CardBatchReadResult(CardBatch? Batch, IReadOnlyList<FieldError> Errors);

/// <summary>Reads the data of a <c>financeflow.card.transactions</c> event, checked against docs/schemas/card-transactions.schema.json.</summary>
public static class CardBatchReader
{
    /// <summary>Logical name of the embedded schema.</summary>
    public const string SchemaResourceName = "FinanceFlow.Core.card-transactions.schema.json";

    private static readonly JsonDocument SchemaDocument = LoadSchemaDocument();

    private static readonly JsonSchema Schema =
        JsonSchema.Build(SchemaDocument.RootElement, new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static readonly EvaluationOptions Evaluation = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    public static CardBatchReadResult Read(ReadOnlyMemory<byte> utf8Json)
    {
        if (BoundedJson.Parse(utf8Json, out var unreadable) is not { } document)
        {
            return new CardBatchReadResult(null, unreadable);
        }

        using (document)
        {
            var root = document.RootElement;
            var results = Schema.Evaluate(root, Evaluation);
            if (!results.IsValid)
            {
                return new CardBatchReadResult(null, new SchemaErrorReader(SchemaDocument.RootElement, root, "card transaction batch").Read(results));
            }

            var errors = new List<FieldError>();
            var currency = root.GetProperty("currency").GetString()!;
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var transactions = new List<CardTransaction>();
            var index = 0;
            foreach (var item in root.GetProperty("transactions").EnumerateArray())
            {
                var pointer = $"/transactions/{index}";
                var id = item.GetProperty("transactionId").GetString()!;
                if (!seen.TryAdd(id, index))
                {
                    errors.Add(new FieldError(pointer + "/transactionId", $"'{id}' is already the transactionId of /transactions/{seen[id]}"));
                }

                if (item.TryGetProperty("currency", out var own) && own.GetString() != currency)
                {
                    errors.Add(new FieldError(pointer + "/currency", $"must be the batch currency {currency}, not {own.GetString()}: a batch posts in one currency"));
                }

                if (!item.GetProperty("amount").TryGetDecimal(out var amount))
                {
                    errors.Add(new FieldError(pointer + "/amount", $"is not an amount FinanceFlow can hold exactly ({item.GetProperty("amount").GetRawText()})"));
                }

                transactions.Add(new CardTransaction(
                    id,
                    item.GetProperty("employeeId").GetString()!,
                    Date(item.GetProperty("postedDate")),
                    item.TryGetProperty("merchant", out var merchant) ? merchant.GetString() : null,
                    amount));
                index++;
            }

            if (errors.Count > 0)
            {
                return new CardBatchReadResult(null, FieldErrors.Cap(errors));
            }

            var batch = new CardBatch(
                root.GetProperty("batchId").GetString()!,
                root.GetProperty("legalEntity").GetString()!,
                root.GetProperty("cardProgram").GetString()!,
                Date(root.GetProperty("statementDate")),
                currency,
                transactions);
            return new CardBatchReadResult(batch, []);
        }
    }

    // The schema's date format has been checked already.
    private static DateOnly Date(JsonElement element) =>
        DateOnly.ParseExact(element.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static JsonDocument LoadSchemaDocument()
    {
        using var stream = typeof(CardBatchReader).Assembly.GetManifestResourceStream(SchemaResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {SchemaResourceName} is missing from FinanceFlow.Core.");
        return JsonDocument.Parse(stream);
    }
}
