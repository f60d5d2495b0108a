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
    string? Detail = null);

/// <summary>Append-only audit trail in Table <c>AuditTrail</c>, one partition per report.</summary>
public interface IAuditTrail
{
    /// <summary>Appends a row; rows are never updated.</summary>
    Task AppendAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>Every row of a report, oldest first.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAsync(ReportKey report, CancellationToken cancellationToken);

    /// <summary>Every row with this step and outcome written since <paramref name="since"/>, across reports (a table scan with a server-side filter), oldest first.</summary>
    Task<IReadOnlyList<AuditRecord>> FindAsync(string step, string outcome, DateTimeOffset since, CancellationToken cancellationToken);
}
