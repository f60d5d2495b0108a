using FinanceFlow.Api.Http;
using FinanceFlow.Api.Reports;
using FinanceFlow.Workflows.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FinanceFlow.Functions.Http;

/// <summary>A report's audit trail checked against its hash chain.</summary>
public sealed class AuditFunctions(ApiFunction api, AuditVerification verification)
{
    [Function(RouteNames.VerifyReportAudit)]
    public Task<IActionResult> VerifyReportAudit(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/reports/{source}/{reportId}/audit/verify")] HttpRequest request,
        string source,
        string reportId,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.VerifyReportAudit, request, () => AuditEndpoints.VerifyAsync(source, reportId, verification, cancellationToken));
}
