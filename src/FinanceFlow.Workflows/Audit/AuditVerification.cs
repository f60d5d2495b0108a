using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;

namespace FinanceFlow.Workflows.Audit;

/// <summary>What <c>GET /api/v1/reports/{source}/{reportId}/audit/verify</c> answers: whether the report's audit chain holds, and where it first does not.</summary>
/// <param name="Summary">One line: <c>intact, N rows</c> (and the rows written before the chain), or <c>broken: Kind — …</c>.</param>
/// <param name="LastSequence">The newest row's sequence number and <paramref name="LastHash"/> its hash: kept elsewhere, they show a later removal of the newest rows.</param>
public sealed record AuditVerificationView(
    string Source,
    string ReportId,
    bool Intact,
    string Summary,
    int ChainedRows,
    int UnchainedRows,
    DateTimeOffset? ChainedSince,
    long? LastSequence,
    string? LastHash,
    AuditChainBreak? FirstBreak);

/// <summary>Checks a report's audit rows against their hash chain (also the chains of card batches, master data, mappings and reconciliation days, under their audit key).</summary>
public sealed class AuditVerification(IAuditTrail trail)
{
    public async Task<Answer<AuditVerificationView>> VerifyAsync(ReportKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var rows = await trail.ReadChainAsync(key, cancellationToken);
        if (rows.Count == 0)
        {
            return Refusal.NotFound("report-not-found", "Report not found", $"No audit row is kept for {key.ReportId} from '{key.Source}'.");
        }

        var result = AuditChainVerifier.Verify(key.PartitionKey, rows);
        return new AuditVerificationView(
            key.Source, key.ReportId, result.Intact, result.Summary, result.ChainedRows, result.UnchainedRows, result.ChainedSince, result.LastSequence, result.LastHash, result.FirstBreak);
    }
}
