using FinanceFlow.Api.Cards;
using FinanceFlow.Api.Durable;
using FinanceFlow.Api.FinanceConsole;
using FinanceFlow.Api.Http;
using FinanceFlow.Api.Intake;
using FinanceFlow.Api.MasterData;
using FinanceFlow.Api.Operations;
using FinanceFlow.Api.Preview;
using FinanceFlow.Api.Reports;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.MasterData;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roles = FinanceFlow.Core.Security.FinanceFlowRoles;
using static FinanceFlow.Api.Http.RouteNames;

namespace FinanceFlow.Api;

/// <summary>
/// Every route of FinanceFlow's HTTP API, in one place: one group per feature with who may call it, and per route the role it needs,
/// the body it takes and the endpoint that answers. The self-host maps this table; the Functions app has one function per route, named alike, and
/// applies the same policy by that name. A route missing here has no policy, and the route tests fail.
/// </summary>
public static class ApiRoutes
{
    public const string Root = "/api/v1";

    /// <summary>A resolution body: an action and a reason of at most 2,000 characters.</summary>
    private const int ResolutionBodyBytes = 16 * 1024;

    private static readonly BodyPolicy Document = BodyPolicy.JsonUpTo(WebhookIntake.MaxBodyBytes) with { TooLargeHint = "send receipts by URL" };

    /// <summary>The routes under <see cref="Root"/>, served by both hosts.</summary>
    public static IReadOnlyList<ApiRouteGroup> Groups { get; } =
    [
        new("webhooks", RouteCallers.SignedSource,
        [
            new(ReceiveWebhook, "POST", "{source}", null, Document, WebhookEndpoints.ReceiveAsync),
        ]),
        new("reports", RouteCallers.RoleHolder,
        [
            new(GetReport, "GET", "{source}/{reportId}", Roles.Reader, BodyPolicy.None, ReportEndpoints.GetAsync),
            new(GetReportStory, "GET", "{source}/{reportId}/story", Roles.Reader, BodyPolicy.None, ReportEndpoints.GetStoryAsync),
            new(RetryReport, "POST", "{source}/{reportId}/retry", Roles.Operator, BodyPolicy.None, ReportEndpoints.RetryAsync),
            new(ResubmitReport, "POST", "{source}/{reportId}/resubmit", Roles.Operator, BodyPolicy.None, ReportEndpoints.ResubmitAsync),
            new(ResolveReportException, "POST", "{source}/{reportId}/resolution", Roles.Resolver, BodyPolicy.JsonUpTo(ResolutionBodyBytes), ReportEndpoints.ResolveAsync),
            new(PayReport, "POST", "{source}/{reportId}/payment", Roles.Payments, BodyPolicy.JsonUpTo(WebhookIntake.MaxBodyBytes), ReportEndpoints.PayAsync),
            new(RepublishStatusEvents, "POST", "{source}/{reportId}/status-events/republish", Roles.Operator, BodyPolicy.None, ReportEndpoints.RepublishAsync),
            new(VerifyReportAudit, "GET", "{source}/{reportId}/audit/verify", Roles.Reader, BodyPolicy.None, AuditEndpoints.VerifyAsync),
        ]),
        new("cards", RouteCallers.RoleHolder,
        [
            new(GetCardBatch, "GET", "{entity}/{batchId}", Roles.Reader, BodyPolicy.None, CardEndpoints.GetBatchAsync),
        ]),
        new("preview", RouteCallers.RoleHolder,
        [
            new(PreviewReport, "POST", "{source}", Roles.Reader, Document, PreviewEndpoints.PreviewAsync),
        ]),
        new("masterdata", RouteCallers.RoleHolder,
        [
            new(GetMasterData, "GET", "{kind}", Roles.Reader, BodyPolicy.None, MasterDataEndpoints.GetAsync),
            new(PutMasterData, "PUT", "{kind}", Roles.MasterData, BodyPolicy.JsonOrCsvUpTo(MasterDataRecords.MaxBodyBytes) with { TooLargeHint = "split it, e.g. with mode=merge" }, MasterDataEndpoints.PutAsync),
            new(SyncMasterDataNow, "POST", "sync", Roles.Operator, BodyPolicy.None, MasterDataEndpoints.SyncAsync),
        ]),
        new("mappings", RouteCallers.RoleHolder,
        [
            new(GetMappings, "GET", "{kind}", Roles.Reader, BodyPolicy.None, MappingEndpoints.GetAsync),
            new(PutMappings, "PUT", "{kind}", Roles.MasterData, BodyPolicy.JsonUpTo(MappingRules.MaxBodyBytes), MappingEndpoints.PutAsync),
            new(ListMappingChanges, "GET", "{kind}/changes", Roles.Reader, BodyPolicy.None, MappingEndpoints.ListChangesAsync),
            new(GetMappingChange, "GET", "{kind}/changes/{changeId}", Roles.Reader, BodyPolicy.None, MappingEndpoints.GetChangeAsync),
            new(ApproveMappingChange, "POST", "{kind}/changes/{changeId}/approve", Roles.MasterData, BodyPolicy.None, MappingEndpoints.ApproveAsync),
            new(RejectMappingChange, "POST", "{kind}/changes/{changeId}/reject", Roles.MasterData, BodyPolicy.JsonUpTo(MappingRules.MaxDecisionBodyBytes, optional: true), MappingEndpoints.RejectAsync),
        ]),
        // Operations: the exception queue, the metrics and the reconciliation runs, each a collection at the root of the API.
        new("", RouteCallers.RoleHolder,
        [
            new(GetExceptions, "GET", "exceptions", Roles.Reader, BodyPolicy.None, OperationsEndpoints.GetExceptionsAsync),
            new(GetMetrics, "GET", "metrics", Roles.Reader, BodyPolicy.None, OperationsEndpoints.GetMetricsAsync),
            new(RunReconciliation, "POST", "reconciliations", Roles.Operator, BodyPolicy.None, OperationsEndpoints.RunReconciliationAsync),
            new(ListReconciliations, "GET", "reconciliations", Roles.Reader, BodyPolicy.None, OperationsEndpoints.ListReconciliationsAsync),
            new(GetReconciliation, "GET", "reconciliations/{runId}", Roles.Reader, BodyPolicy.None, OperationsEndpoints.GetReconciliationAsync),
        ]),
    ];

    /// <summary>The Durable Functions-compatible management routes. The self-host maps them; in Azure the Durable extension serves its own, behind its system key.</summary>
    public static ApiRouteGroup DurableManagement { get; } = new(DurableManagementEndpoints.Root, RouteCallers.RoleHolder,
    [
        new(ListInstances, "GET", "instances", Roles.Admin, BodyPolicy.None, DurableInstanceQuery.ListAsync),
        new(GetInstanceStatus, "GET", "instances/{instanceId}", Roles.Admin, BodyPolicy.None, DurableManagementEndpoints.GetStatusAsync),
        new(RaiseInstanceEvent, "POST", "instances/{instanceId}/raiseEvent/{eventName}", Roles.Admin, BodyPolicy.JsonUpTo(WebhookIntake.MaxBodyBytes, optional: true), DurableManagementEndpoints.RaiseEventAsync),
        new(TerminateInstance, "POST", "instances/{instanceId}/terminate", Roles.Admin, BodyPolicy.None, DurableManagementEndpoints.TerminateAsync),
        new(PurgeInstance, "DELETE", "instances/{instanceId}", Roles.Admin, BodyPolicy.None, DurableManagementEndpoints.PurgeAsync),
    ]);

    /// <summary>The policy of <c>/health</c>: anyone, no body.</summary>
    public static RoutePolicy HealthPolicy { get; } = new(Health, RouteCallers.Anyone, null, BodyPolicy.None);

    /// <summary>The policy of <c>/openapi/v1.json</c> (self-host): anyone, no body.</summary>
    public static RoutePolicy OpenApiPolicy { get; } = new(OpenApiDocument, RouteCallers.Anyone, null, BodyPolicy.None);

    /// <summary>
    /// The finance console's page and its files (<see cref="ConsoleEndpoint"/>): <c>GET /console/{*path}</c> in the self-host,
    /// <c>GET /api/console/{*path}</c> in the Functions app (its routes live under host.json's <c>api</c> route prefix). Anonymous by design:
    /// the files are the same static HTML, CSS and JavaScript for everyone and hold no data; every datum the page shows it fetches from the
    /// <c>/api/v1</c> routes above with the caller's own identity (bearer token or App Service session), so those routes' roles decide what
    /// the caller sees and may do. Signing in needs the page before any identity exists, which a role on the page itself would forbid.
    /// </summary>
    public static ApiRoute ConsoleRoute { get; } = new(ServeConsole, "GET", ConsoleEndpoint.Template, null, BodyPolicy.None, ConsoleEndpoint.Serve);

    /// <summary>The policy of <see cref="ConsoleRoute"/>: anyone, no body.</summary>
    public static RoutePolicy ConsolePolicy { get; } = new(ServeConsole, RouteCallers.Anyone, null, BodyPolicy.None);

    private static readonly Dictionary<string, RoutePolicy> Policies = Groups
        .Append(DurableManagement)
        .SelectMany(g => g.Routes.Select(r => new RoutePolicy(r.Name, g.Callers, r.Role, r.Body)))
        .Append(HealthPolicy)
        .Append(OpenApiPolicy)
        .Append(ConsolePolicy)
        .ToDictionary(p => p.RouteName, StringComparer.Ordinal);

    /// <summary>The declared policy of the route named <paramref name="routeName"/>.</summary>
    public static RoutePolicy PolicyOf(string routeName) =>
        Policies.TryGetValue(routeName, out var policy) ? policy : throw new KeyNotFoundException($"No route named '{routeName}' is declared in ApiRoutes.");

    /// <summary>Maps every <c>/api/v1</c> route with its policy; both hosts' routes come from here.</summary>
    public static RouteGroupBuilder MapFinanceFlowApi(this IEndpointRouteBuilder app) => Map(app, Root, Groups);

    /// <summary>Maps the Durable management routes (self-host only).</summary>
    public static RouteGroupBuilder MapDurableManagement(this IEndpointRouteBuilder app) => Map(app, "/", [DurableManagement]);

    private static RouteGroupBuilder Map(IEndpointRouteBuilder app, string root, IReadOnlyList<ApiRouteGroup> groups)
    {
        var top = app.MapGroup(root).AddEndpointFilter<RoutePolicyFilter>();
        foreach (var group in groups)
        {
            IEndpointRouteBuilder mapped = group.Prefix.Length == 0 ? top : top.MapGroup("/" + group.Prefix.Trim('/'));
            foreach (var route in group.Routes)
            {
                var endpoint = mapped.MapMethods("/" + route.Pattern, [route.Method], route.Endpoint)
                    .WithName(route.Name)
                    .WithMetadata(PolicyOf(route.Name));
                if (group.Callers == RouteCallers.RoleHolder)
                {
                    endpoint.RequireAuthorization(route.Role!);
                }
                else
                {
                    // Only the webhooks (authenticated by their Standard Webhooks signature in the endpoint); /health is mapped by the self-host.
                    endpoint.AllowAnonymous();
                }
            }
        }

        return top;
    }
}
