namespace FinanceFlow.Connectors.Erp;

/// <summary>An ERP's bearer tokens, cached until shortly before they expire.</summary>
public interface IErpTokenSource
{
    /// <summary>A token valid for at least another minute.</summary>
    /// <exception cref="ErpUnavailableException">The token endpoint could not be reached or answered a server error.</exception>
    /// <exception cref="ErpAuthenticationException">The token endpoint refused our credentials.</exception>
    Task<string> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>Forgets the cached token (the ERP answered 401 to it), so the next call fetches a new one.</summary>
    void Invalidate(string token);
}
