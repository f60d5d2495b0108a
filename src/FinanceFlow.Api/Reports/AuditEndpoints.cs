using FinanceFlow.Api.Http;
using FinanceFlow.Core.Model;
using FinanceFlow.Workflows.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FinanceFlow.Api.Reports;

/// <summary>A report's audit trail checked against its hash chain.</summary>
public static class AuditEndpoints
{
    /// <summary><c>GET /api/v1/reports/{source}/{reportId}/audit/verify</c>: 200 whether the chain holds or not, with its first break; 404 when no row is kept.</summary>
    public static async Task<IResult> VerifyAsync(string source, string reportId, [FromServices] AuditVerification verification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(verification);
        return (await verification.VerifyAsync(new ReportKey(source.ToLowerInvariant(), reportId), cancellationToken)).ToResult();
    }
}
