using FinanceFlow.SelfHost.Durable;
using FinanceFlow.SelfHost.Health;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.MasterData;
using FinanceFlow.Workflows.Operations;
using FinanceFlow.Workflows.Reconciliation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.SelfHost;

/// <summary>The self-host's HTTP surface: the same routes and JSON as the Functions app, each a call into Workflows.</summary>
public static class SelfHostRoutes
{
    public static IEndpointRouteBuilder MapFinanceFlow(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/webhooks/{source}",
            ([FromServices] WebhookIntakeHandler handler, HttpRequest request, string source, DurableTaskClient client, CancellationToken ct) =>
                handler.HandleAsync(request, source, client, ct));
        app.MapGet("/api/v1/reports/{source}/{reportId}",
            ([FromServices] ReportQueryHandler handler, HttpRequest request, string source, string reportId, DurableTaskClient client, CancellationToken ct) =>
                handler.GetAsync(request, source, reportId, client, ct));
        app.MapPost("/api/v1/reports/{source}/{reportId}/retry",
            ([FromServices] ReportRetryHandler handler, HttpRequest request, string source, string reportId, DurableTaskClient client, CancellationToken ct) =>
                handler.RetryAsync(request, source, reportId, client, ct));
        app.MapPost("/api/v1/reports/{source}/{reportId}/payment",
            ([FromServices] ReportPaymentHandler handler, HttpRequest request, string source, string reportId, DurableTaskClient client, CancellationToken ct) =>
                handler.PayAsync(request, source, reportId, client, ct));
        app.MapPost("/api/v1/reports/{source}/{reportId}/status-events/republish",
            ([FromServices] StatusRepublishHandler handler, HttpRequest request, string source, string reportId, DurableTaskClient client, CancellationToken ct) =>
                handler.RepublishAsync(request, source, reportId, client, ct));

        app.MapGet("/api/v1/cards/{entity}/{batchId}",
            ([FromServices] CardBatchQueryHandler handler, HttpRequest request, string entity, string batchId, DurableTaskClient client, CancellationToken ct) =>
                handler.GetAsync(request, entity, batchId, client, ct));

        app.MapPost("/api/v1/preview/{source}",
            ([FromServices] PreviewHandler handler, HttpRequest request, string source, CancellationToken ct) =>
                handler.PreviewAsync(request, source, ct));

        app.MapGet("/api/v1/masterdata/{kind}",
            ([FromServices] MasterDataHandler handler, HttpRequest request, string kind, CancellationToken ct) => handler.GetAsync(request, kind, ct));
        app.MapPut("/api/v1/masterdata/{kind}",
            ([FromServices] MasterDataHandler handler, HttpRequest request, string kind, CancellationToken ct) => handler.PutAsync(request, kind, ct));
        app.MapPost("/api/v1/masterdata/sync",
            ([FromServices] MasterDataSyncHandler handler, HttpRequest request, CancellationToken ct) => handler.SyncAsync(request, ct));
        app.MapGet("/api/v1/exceptions",
            ([FromServices] ExceptionQueueHandler handler, HttpRequest request, CancellationToken ct) => handler.GetAsync(request, ct));
        app.MapPost("/api/v1/reconciliations",
            ([FromServices] ReconciliationHandler handler, HttpRequest request, CancellationToken ct) => handler.RunAsync(request, ct));
        app.MapGet("/api/v1/reconciliations",
            ([FromServices] ReconciliationHandler handler, HttpRequest request, CancellationToken ct) => handler.ListAsync(request, ct));
        app.MapGet("/api/v1/reconciliations/{runId}",
            ([FromServices] ReconciliationHandler handler, string runId, CancellationToken ct) => handler.GetAsync(runId, ct));

        app.MapGet("/api/v1/mappings/{kind}",
            ([FromServices] MappingHandler handler, HttpRequest request, string kind, CancellationToken ct) => handler.GetAsync(request, kind, ct));
        app.MapPut("/api/v1/mappings/{kind}",
            ([FromServices] MappingHandler handler, HttpRequest request, string kind, CancellationToken ct) => handler.PutAsync(request, kind, ct));

        app.MapDurableInstanceApi();
        app.MapSelfHostHealth();
        return app;
    }
}
