namespace FinanceFlow.Connectors.Erp;

/// <summary>Which ERP a ledger posts to (<c>FinanceFlow:Erp:Ledgers:{ledger}:Kind</c>); hledger when not set.</summary>
public enum ErpKind
{
    /// <summary>hledger-web with its journal file: the local ledger, and the default.</summary>
    Hledger,

    /// <summary>Dynamics 365 Business Central, API v2.0.</summary>
    BusinessCentral,

    /// <summary>Oracle NetSuite, REST web services (record API).</summary>
    NetSuite,

    /// <summary>SAP S/4HANA Cloud: SOAP journal-entry posting (SAP_COM_0002) and OData read-back.</summary>
    S4Hana,
}
