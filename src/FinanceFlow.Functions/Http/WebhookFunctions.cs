using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Functions.Http;

/// <summary>Expense-platform webhooks. Anonymous at the Functions level: every request is checked against the source's Standard Webhooks secret.</summary>
public sealed class WebhookFunctions(WebhookIntakeHandler intake)
{
    [Function(nameof(ReceiveWebhook))]
    public async Task<IActionResult> ReceiveWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhooks/{source}")] HttpRequest request,
        string source,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await intake.HandleAsync(request, source, client, cancellationToken));
}
