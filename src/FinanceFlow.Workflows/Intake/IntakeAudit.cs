using System.Text.Json;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;

namespace FinanceFlow.Workflows.Intake;

/// <summary>The intake's audit rows: accepted, redelivered, or refused as invalid (under the report id when the body names one).</summary>
public sealed class IntakeAudit(IAuditTrail trail, TimeProvider time)
{
    public const string Step = AuditSteps.Intake;

    /// <summary>Longest detail an intake audit row keeps: a row is a Table entity, whose text values hold 32K characters.</summary>
    public const int MaxDetailLength = 8 * 1024;

    public Task RecordAsync(ExpenseReport report, string instanceId, string actor, string outcome, byte[] body, string? detail, CancellationToken cancellationToken) =>
        trail.AppendAsync(new AuditRecord(report.Key, report.Version, time.GetUtcNow(), Step, outcome, actor, instanceId, Sha256.Hex(body), Cut(detail)), cancellationToken);

    /// <summary>A row for a delivery that started nothing (an ignored event, a document that could not be fetched or read), under the key it names.</summary>
    public Task RecordDeliveryAsync(ReportKey key, string outcome, string actor, string messageId, byte[] body, string detail, CancellationToken cancellationToken) =>
        trail.AppendAsync(new AuditRecord(key, 0, time.GetUtcNow(), Step, outcome, actor, messageId, Sha256.Hex(body), Cut(detail)), cancellationToken);

    /// <summary>True when the intake already wrote a row with this outcome for the key.</summary>
    public async Task<bool> HasRecordedAsync(ReportKey key, string outcome, CancellationToken cancellationToken) =>
        (await trail.ReadAsync(key, cancellationToken)).Any(r => r.Step == Step && r.Outcome == outcome);

    /// <summary>The detail of the newest intake row with this outcome for the key, or null when there is none.</summary>
    public async Task<string?> LastDetailAsync(ReportKey key, string outcome, CancellationToken cancellationToken) =>
        (await trail.ReadAsync(key, cancellationToken)).LastOrDefault(r => r.Step == Step && r.Outcome == outcome)?.Detail;

    /// <summary>True when the intake wrote the <c>Accepted</c> row of run <paramref name="instanceId"/>.</summary>
    public async Task<bool> HasAcceptedAsync(ReportKey key, string instanceId, CancellationToken cancellationToken) =>
        (await trail.ReadAsync(key, cancellationToken)).Any(r => r.Step == Step && r.Outcome == AuditOutcomes.Accepted && r.CorrelationId == instanceId);

    public Task RecordInvalidAsync(string source, byte[] body, string messageId, string rawBlob, IReadOnlyList<FieldError> errors, CancellationToken cancellationToken)
    {
        var (reportId, version) = TryReadIdentity(body);
        var detail = $"raw {rawBlob}; " + string.Join("; ", errors.Take(20).Select(e => $"{e.Pointer}: {e.Message}"));
        var record = new AuditRecord(new ReportKey(source, reportId ?? AuditPartitions.Unidentified), version, time.GetUtcNow(), Step, AuditOutcomes.Invalid, $"{source}-webhook", messageId, Sha256.Hex(body), Cut(detail));
        return trail.AppendAsync(record, cancellationToken);
    }

    /// <summary>Longest report id an audit row is filed under; a longer one (the schema allows 128) is filed as unidentified.</summary>
    private const int MaxReportIdLength = 128;

    /// <summary>The reportId and version a JSON body names, when it names them readably; the body may be anything.</summary>
    internal static (string? ReportId, int Version) TryReadIdentity(byte[] body)
    {
        using var document = BoundedJson.Parse(body, out _);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } root)
        {
            return (null, 0);
        }

        var id = root.TryGetProperty("reportId", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
        var version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var number) ? number : 0;
        return (string.IsNullOrWhiteSpace(id) || id.Length > MaxReportIdLength ? null : id, version);
    }

    /// <summary>A detail cut to <see cref="MaxDetailLength"/>, saying so.</summary>
    private static string? Cut(string? detail) =>
        detail is { Length: > MaxDetailLength } ? detail[..(MaxDetailLength - 40)] + $" … ({detail.Length} characters, cut)" : detail;
}
