using System.Text.Json.Serialization;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.Messaging;

/// <summary>
/// A status event: CloudEvents 1.0, JSON event format (docs/schemas/status-cloudevent.schema.json). The <c>id</c> is the same for every
/// retry and replay of one report version's event, so receivers (and Service Bus duplicate detection) see it once.
/// </summary>
public sealed record StatusCloudEvent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("data")] StatusEventData Data)
{
    public const string SpecVersion = "1.0";

    /// <summary>The media type of the whole event in structured mode.</summary>
    public const string MediaType = "application/cloudevents+json";

    [JsonPropertyName("specversion")]
    [JsonPropertyOrder(-1)]
    public string SpecVersionValue => SpecVersion;

    [JsonPropertyName("datacontenttype")]
    public string DataContentType => "application/json";
}

/// <summary>The <c>data</c> of a status event: what a consumer needs without calling FinanceFlow back.</summary>
/// <param name="ReportId">The report id at its source; the run id for <c>financeflow.reconciliation.completed</c>.</param>
/// <param name="Source">The report's source; <c>reconciliation</c> for a reconciliation run.</param>
/// <param name="Outcome">The report's outcome as FinanceFlow names it; <see cref="ReportOutcome.Pending"/> for <c>accepted</c>; null for a reconciliation run.</param>
/// <param name="Totals">The amount per currency: of the ERP documents when there are any, else the report's own total when known.</param>
/// <param name="Payment">With <c>paid</c> only.</param>
/// <param name="Reconciliation">With <c>financeflow.reconciliation.completed</c> only.</param>
public sealed record StatusEventData(
    string ReportId,
    int Version,
    string Source,
    string CorrelationId,
    ReportOutcome? Outcome,
    IReadOnlyList<StatusEventDocument> Documents,
    IReadOnlyList<StatusEventTotal> Totals,
    IReadOnlyList<Finding> Findings,
    string? FailureReason,
    StatusEventPayment? Payment,
    StatusEventReconciliation? Reconciliation = null);

/// <summary>A reconciliation run's counts, for consumers that alert on them.</summary>
/// <param name="Outcome"><c>Balanced</c> or <c>Differences</c>.</param>
/// <param name="Window">The ledger days read, <c>yyyy-MM-dd..yyyy-MM-dd</c>.</param>
/// <param name="Counts">Three-way findings per class, every class present.</param>
/// <param name="LedgerErrors">Errors of the posting-log comparison with the ledgers.</param>
/// <param name="Redriven">Documents the run sent through the pipeline again.</param>
/// <param name="OpenItems">Reports and card batches finance ops still has to act on.</param>
public sealed record StatusEventReconciliation(
    string Outcome, string? Window, int Matched, IReadOnlyDictionary<string, int> Counts, int LedgerErrors, int Redriven, int OpenItems);

/// <summary>One legal entity's journal: where it went and what the ERP called it (null when not posted).</summary>
/// <param name="FiscalYear">The fiscal year the ERP booked it in, where the ERP says (S/4HANA does).</param>
/// <param name="PostingDate">The posting date the ERP confirmed, where it says.</param>
/// <param name="ErpLink">Where a person opens the document in the ERP, where it has such an address.</param>
public sealed record StatusEventDocument(
    string Entity,
    string? Ledger,
    string Currency,
    decimal Amount,
    string Reference,
    string? ErpDocument,
    string? Reason,
    string? FiscalYear = null,
    DateOnly? PostingDate = null,
    string? ErpLink = null);

/// <summary>An amount in one currency.</summary>
public sealed record StatusEventTotal(string Currency, decimal Amount);

/// <summary>One payment: <paramref name="Amount"/> this time, <paramref name="PaidAmount"/> so far.</summary>
public sealed record StatusEventPayment(string PaymentReference, DateTimeOffset PaidAt, decimal Amount, string Currency, decimal PaidAmount, bool FullyPaid, string? ErpDocument);
