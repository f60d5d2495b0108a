namespace FinanceFlow.Core.Audit;

/// <summary>
/// The fields of one audit row that its chain hash covers, as stored: a property missing from a stored row (or of another type
/// than written) is null, so a row stripped of a field no longer hashes to what it recorded.
/// </summary>
public sealed record AuditContent(
    DateTimeOffset? At,
    int? Version,
    string? Step,
    string? Outcome,
    string? Actor,
    string? CorrelationId,
    string? InputSha256,
    string? Detail,
    string? Source,
    string? ReportId);
