using System.Text.Json;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Infrastructure.Audit;

namespace FinanceFlow.Workflows.Audit;

/// <summary>Writes the audit row every step leaves: time, step, outcome, actor, correlation id and the SHA-256 of the step's input.</summary>
public sealed class StepAudit(IAuditTrail trail, TimeProvider time)
{
    public Task RecordAsync<TInput>(StepContext step, string stepName, string outcome, TInput input, string? detail, CancellationToken cancellationToken)
    {
        var inputHash = Sha256.Hex(JsonSerializer.SerializeToUtf8Bytes(input, FinanceFlowJson.Options));
        var record = new AuditRecord(step.Report, step.Version, time.GetUtcNow(), stepName, outcome, step.Actor, step.CorrelationId, inputHash, detail);
        return trail.AppendAsync(record, cancellationToken);
    }
}
