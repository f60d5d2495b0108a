using FinanceFlow.Connectors.Erp;

namespace FinanceFlow.Connectors.S4Hana;

/// <summary>
/// A ledger posting to SAP S/4HANA Cloud (<c>FinanceFlow:Erp:Ledgers:{ledger}</c> with <c>Kind=S4Hana</c>) through communication
/// arrangement SAP_COM_0002. <see cref="ErpConnectionOptions.BaseUrl"/> is the tenant's API host root, e.g.
/// <c>https://my000000-api.s4hana.cloud.sap</c>. <see cref="ErpConnectionOptions.ClientId"/> is the communication user and
/// <see cref="ErpConnectionOptions.ClientSecret"/> its password: sent as HTTP basic authentication, or, with
/// <see cref="ErpConnectionOptions.TokenEndpoint"/> set, exchanged for an OAuth 2.0 token (client credentials).
/// </summary>
public sealed class S4HanaOptions : ErpConnectionOptions
{
    /// <summary>The company code every journal of the ledger posts to (up to 4 characters).</summary>
    public string CompanyCode { get; set; } = string.Empty;

    /// <summary>The synchronous JournalEntryCreateRequestConfirmation_In service, relative to the API host.</summary>
    public string SoapPath { get; set; } = "/sap/bc/srt/scs_ext/sap/journalentrycreaterequestconfi";

    /// <summary>The read-back service (API_OPLACCTGDOCITEMCUBE_SRV, entity set A_OperationalAcctgDocItemCube).</summary>
    public string ODataPath { get; set; } = "/sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV";

    /// <summary>The chart-of-accounts service (API_JOURNALENTRYITEMBASIC_SRV: A_CompanyCode, A_GLAccountInChartOfAccounts).</summary>
    public string GLAccountODataPath { get; set; } = "/sap/opu/odata/sap/API_JOURNALENTRYITEMBASIC_SRV";

    /// <summary>The chart of accounts (e.g. <c>YCOA</c>); empty: read from the company code.</summary>
    public string? ChartOfAccounts { get; set; }

    /// <summary>The journal entry type (BKPF-BLART), e.g. <c>SA</c> (G/L account document).</summary>
    public string AccountingDocumentType { get; set; } = "SA";

    /// <summary>The CreatedByUser the request names (up to 12 characters).</summary>
    public string CreatedByUser { get; set; } = "FINANCEFLOW";

    /// <summary>Rows per OData page for the read-back.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>
    /// False (the default): the OData read may lag behind a posting, so a miss does not prove absence and a send whose answer was
    /// lost waits in doubt. Set true only for a tenant where the read is known to show a document as soon as the service answered.
    /// </summary>
    public bool AuthoritativeLookup { get; set; }

    /// <summary>The Fiori launchpad root (e.g. <c>https://my000000.s4hana.cloud.sap</c>), for a link to each posted journal entry; optional.</summary>
    public string? LaunchpadUrl { get; set; }
}
