using FinanceFlow.Connectors.Erp;

namespace FinanceFlow.Connectors.BusinessCentral;

/// <summary>What a Business Central ledger books one journal as.</summary>
public enum BusinessCentralMode
{
    /// <summary>General journal lines in one journal batch (<c>journals</c> + <c>journalLines</c>), then <c>Microsoft.NAV.post</c>.</summary>
    Journal,

    /// <summary>A purchase invoice from one vendor that stands for employee reimbursements (deep insert with lines), then <c>Microsoft.NAV.post</c>.</summary>
    PurchaseInvoice,
}

/// <summary>
/// A Business Central ledger (<c>FinanceFlow:Erp:Ledgers:{ledger}</c> with <c>Kind</c> = <c>BusinessCentral</c>): <see cref="ErpConnectionOptions.BaseUrl"/>
/// is the API root <c>…/api/v2.0</c>; the company, the mode and its journal batch or vendor sit beside it.
/// </summary>
public sealed class BusinessCentralOptions : ErpConnectionOptions
{
    /// <summary>Entra ID scope of the Business Central API when <see cref="ErpConnectionOptions.Scope"/> is not set.</summary>
    public const string DefaultScope = "https://api.businesscentral.dynamics.com/.default";

    /// <summary>The company's id (a GUID, <c>GET …/api/v2.0/companies</c>).</summary>
    public string CompanyId { get; set; } = string.Empty;

    public BusinessCentralMode Mode { get; set; } = BusinessCentralMode.Journal;

    /// <summary>The journal batch (<c>journals</c> <c>code</c>, e.g. <c>FINFLOW</c>) the lines go into in <see cref="BusinessCentralMode.Journal"/> mode.</summary>
    public string? JournalCode { get; set; }

    /// <summary>The vendor number (e.g. <c>V-EMPLOYEES</c>) every invoice is made out to in <see cref="BusinessCentralMode.PurchaseInvoice"/> mode.</summary>
    public string? VendorNumber { get; set; }

    /// <summary>
    /// The company's local currency (ISO code, e.g. <c>EUR</c>). Journal lines of API v2.0 carry no currency: they post in it, so
    /// an entry in another currency is refused before it is sent.
    /// </summary>
    public string LocalCurrency { get; set; } = string.Empty;

    public string EffectiveScope => string.IsNullOrWhiteSpace(Scope) ? DefaultScope : Scope;
}
