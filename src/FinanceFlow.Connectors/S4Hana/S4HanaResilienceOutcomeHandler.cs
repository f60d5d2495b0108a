using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FinanceFlow.Connectors.S4Hana;

/// <summary>
/// Turns the resilience pipeline's own outcomes into what <see cref="Erp.ErpHttp"/> classifies: an attempt past its time limit
/// is a timeout (the answer may be lost), an open circuit is a call never sent.
/// </summary>
internal sealed class S4HanaResilienceOutcomeHandler : DelegatingHandler
{
    /// <summary>The per-attempt time limit a request carries (the ledger's TimeoutSeconds).</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> AttemptTimeout = new("FinanceFlow.S4Hana.AttemptTimeout");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new TaskCanceledException($"No answer within {ex.Timeout.TotalSeconds:0.#} s.", ex);
        }
        catch (BrokenCircuitException ex)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"Not sent: the circuit to {request.RequestUri?.Authority} is open after repeated failures.", ex);
        }
    }
}
