using FinanceFlow.Api.Cards;
using FinanceFlow.Api.Http;
using FinanceFlow.Workflows.Cards;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Functions.Http;

/// <summary>Finance: a card batch's posting and each transaction's match state. Function keys (or Easy Auth) protect it.</summary>
public sealed class CardFunctions(ApiFunction api, CardBatchQuery query)
{
    [Function(RouteNames.GetCardBatch)]
    public Task<IActionResult> GetCardBatch(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/cards/{entity}/{batchId}")] HttpRequest request,
        string entity,
        string batchId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.GetCardBatch, request, () => CardEndpoints.GetBatchAsync(entity, batchId, query, client, cancellationToken));
}
