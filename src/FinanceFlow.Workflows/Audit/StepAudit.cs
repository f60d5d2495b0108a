using System.Text.Json;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Infrastructure.Audit;

namespace FinanceFlow.Workflows.Audit;

/// <summary>
/// Writes the audit row every step leaves: time, step, outcome, actor, correlation id and the SHA-256 of the step's input. Steps run
/// together in one activity (<see cref="InOneAppendAsync{T}"/>) keep their rows until the last one is done and append them in one
/// table transaction: one request instead of one per step, and each row still says when its step ran.
/// </summary>
public sealed class StepAudit(IAuditTrail trail, TimeProvider time)
{
    // The rows of the steps running under InOneAppendAsync in this flow of execution; null: each row is written at once.
    private static readonly AsyncLocal<List<AuditRecord>?> Held = new();

    public Task RecordAsync<TInput>(StepContext step, string stepName, string outcome, TInput input, string? detail, CancellationToken cancellationToken)
    {
        var inputHash = Sha256.Hex(JsonSerializer.SerializeToUtf8Bytes(input, FinanceFlowJson.Options));
        var record = new AuditRecord(step.Report, step.Version, time.GetUtcNow(), stepName, outcome, step.Actor, step.CorrelationId, inputHash, detail);
        if (Held.Value is { } held)
        {
            lock (held)
            {
                held.Add(record);
            }

            return Task.CompletedTask;
        }

        return trail.AppendAsync(record, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="steps"/> holding their audit rows, then appends them, per report, in one transaction. A step that fails
    /// still gets the rows of the steps before it (and its own failure row) written before the failure goes on to the retry.
    /// </summary>
    public async Task<T> InOneAppendAsync<T>(Func<Task<T>> steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (Held.Value is not null)
        {
            return await steps();
        }

        var held = new List<AuditRecord>();
        Held.Value = held;
        T result;
        try
        {
            result = await steps();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Held.Value = null;
            await TryAppendAsync(held, cancellationToken);
            throw;
        }
        finally
        {
            Held.Value = null;
        }

        await AppendAsync(held, cancellationToken);
        return result;
    }

    private async Task AppendAsync(List<AuditRecord> held, CancellationToken cancellationToken)
    {
        foreach (var report in held.GroupBy(r => r.Report.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in report.Chunk(TableAuditTrail.MaxRowsPerAppend))
            {
                await trail.AppendAsync(chunk, cancellationToken);
            }
        }
    }

    private async Task TryAppendAsync(List<AuditRecord> held, CancellationToken cancellationToken)
    {
        try
        {
            await AppendAsync(held, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Storage is away too (often why the step failed): the retry runs the steps again and writes their rows then.
        }
    }
}
