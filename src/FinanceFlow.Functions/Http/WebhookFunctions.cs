using FinanceFlow.Api.Http;
using FinanceFlow.Api.Intake;
using FinanceFlow.Workflows.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Functions.Http;

/// <summary>Expense-platform webhooks. Anonymous at the Functions level: every request is checked against the source's Standard Webhooks secret.</summary>
public sealed class WebhookFunctions(ApiFunction api, WebhookAuthentication authentication, WebhookIntake intake)
{
    [Function(RouteNames.ReceiveWebhook)]
    public Task<IActionResult> ReceiveWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhooks/{source}")] HttpRequest request,
        string source,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.ReceiveWebhook, request, () => WebhookEndpoints.ReceiveAsync(request, source, authentication, intake, client, cancellationToken));
}
