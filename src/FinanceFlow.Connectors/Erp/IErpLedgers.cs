namespace FinanceFlow.Connectors.Erp;

/// <summary>The ERP ledgers FinanceFlow posts to: the default one, and one per name that legal entities refer to.</summary>
public interface IErpLedgers
{
    /// <summary>True when <paramref name="ledger"/> is null (the default ledger) or a configured ledger name.</summary>
    bool IsConfigured(string? ledger);

    /// <summary>The connector of a ledger; null or empty for the default one.</summary>
    /// <exception cref="InvalidOperationException">The ledger is not configured.</exception>
    IErpConnector For(string? ledger);

    /// <summary>Every configured ledger once per ERP endpoint (ledgers sharing one endpoint are one), for the reconciliation.</summary>
    IReadOnlyList<ErpLedger> Distinct();
}
