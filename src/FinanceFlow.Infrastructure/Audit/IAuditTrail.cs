using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Infrastructure.Audit;

/// <summary>One step in a report's life, as finance and auditors see it.</summary>
/// <param name="Actor"><c>system</c> or the user who acted.</param>
/// <param name="InputSha256">SHA-256 (hex) of the step's input, so a row proves what the step saw.</param>
public sealed record AuditRecord(
    ReportKey Report,
    int Version,
    DateTimeOffset At,
    string Step,
    string Outcome,
    string Actor,
    string CorrelationId,
    string InputSha256,
    string? Detail = null)
{
    /// <summary>The row's place in its report's hash chain, as read; null for a row written before the chain (ignored when appending).</summary>
    public long? Sequence { get; init; }

    /// <summary>The row's chain hash, as read; null for a row written before the chain (ignored when appending).</summary>
    public string? Hash { get; init; }
}

/// <summary>Append-only audit trail in Table <c>AuditTrail</c>, one partition per report, each a hash chain (<see cref="AuditChain"/>).</summary>
public interface IAuditTrail
{
    /// <summary>Appends a row at the end of its report's chain; rows are never updated.</summary>
    Task AppendAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>Appends rows of one report (at most <see cref="TableAuditTrail.MaxRowsPerAppend"/>) at the end of its chain, in one transaction: all or none.</summary>
    Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);

    /// <summary>Every row of a report, oldest first.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAsync(ReportKey report, CancellationToken cancellationToken);

    /// <summary>Every stored row of a report's partition with its chain fields, for <see cref="AuditChainVerifier"/>; empty when none.</summary>
    Task<IReadOnlyList<AuditChainRow>> ReadChainAsync(ReportKey report, CancellationToken cancellationToken);

    /// <summary>Every row with this step and outcome written since <paramref name="since"/>, across reports (a table scan with a server-side filter), oldest first.</summary>
    Task<IReadOnlyList<AuditRecord>> FindAsync(string step, string outcome, DateTimeOffset since, CancellationToken cancellationToken);
}
