using FinanceFlow.Api.Http;
using FinanceFlow.Workflows.Cards;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Api.Cards;

/// <summary>Finance's view of the card feed.</summary>
public static class CardEndpoints
{
    /// <summary><c>GET /api/v1/cards/{entity}/{batchId}</c>: the batch's posting and each transaction's match state.</summary>
    public static async Task<IResult> GetBatchAsync(
        string entity, string batchId, [FromServices] CardBatchQuery query, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return (await query.GetAsync(entity, batchId, client, cancellationToken)).ToResult();
    }
}
