namespace FinanceFlow.Connectors.Erp;

/// <summary>An ERP that can list its chart of accounts, so the master-data sync can govern GL accounts from the system of record.</summary>
public interface IErpChartOfAccounts
{
    /// <summary>Every account name the ledger declares or uses. Throws <see cref="ErpUnavailableException"/> when the ERP cannot be reached.</summary>
    Task<IReadOnlyList<string>> ListAccountsAsync(CancellationToken cancellationToken);
}
