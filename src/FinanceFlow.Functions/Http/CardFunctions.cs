using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Functions.Http;

/// <summary>Finance: a card batch's posting and each transaction's match state. Function keys (or Easy Auth) protect it.</summary>
public sealed class CardFunctions(CardBatchQueryHandler query)
{
    [Function(nameof(GetCardBatch))]
    public async Task<IActionResult> GetCardBatch(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/cards/{entity}/{batchId}")] HttpRequest request,
        string entity,
        string batchId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await query.GetAsync(request, entity, batchId, client, cancellationToken));
}
