using Microsoft.Extensions.Configuration;

namespace FinanceFlow.Connectors.Erp;

/// <summary>Builds the connectors of one <see cref="ErpKind"/> from a ledger's settings (<c>FinanceFlow:Erp:Ledgers:{ledger}</c>).</summary>
public interface IErpConnectorFactory
{
    ErpKind Kind { get; }

    /// <summary>
    /// Every problem with the ledger's settings, each naming its full key (e.g. <c>FinanceFlow:Erp:Ledgers:us01:CompanyId is
    /// required.</c>); empty when the ledger can be used. Checked at start-up: a problem stops the host.
    /// </summary>
    /// <param name="development">True in the Development environment, where plain http and loopback addresses are allowed (emulators).</param>
    IReadOnlyList<string> Validate(string ledger, IConfigurationSection section, bool development);

    /// <summary>
    /// The ledger's connector, built once per ledger and reused (it caches its tokens). It implements <see cref="IErpConnector"/>,
    /// <see cref="IErpLedgerReader"/> and <see cref="IErpChartOfAccounts"/>, and <see cref="IErpAttachments"/> where the ERP takes files.
    /// </summary>
    IErpConnector Create(string ledger, IConfigurationSection section);
}
