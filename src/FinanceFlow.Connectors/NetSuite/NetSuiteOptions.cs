using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.MasterData;

namespace FinanceFlow.Connectors.NetSuite;

/// <summary>What FinanceFlow creates in NetSuite for one journal.</summary>
public enum NetSuiteMode
{
    /// <summary>A <c>journalEntry</c> with one line per journal line (the default).</summary>
    JournalEntry,

    /// <summary>A <c>vendorBill</c> from <see cref="NetSuiteOptions.VendorId"/>: the payable line is the bill's AP account, every other line an expense line.</summary>
    VendorBill,
}

/// <summary>
/// A NetSuite ledger's settings under <c>FinanceFlow:Erp:Ledgers:{ledger}</c> (with <c>Kind</c> = <c>NetSuite</c>). Accounts,
/// cost centers (departments), projects (classes), the subsidiary, the vendor and currencies are NetSuite internal ids.
/// </summary>
public sealed class NetSuiteOptions : ErpConnectionOptions
{
    /// <summary>The NetSuite account id, e.g. <c>1234567</c> or <c>1234567_SB1</c> for a sandbox.</summary>
    public string AccountId { get; set; } = string.Empty;

    /// <summary>The subsidiary's internal id; required in a OneWorld account.</summary>
    public string? Subsidiary { get; set; }

    /// <summary>False for an account without subsidiaries (no <c>subsidiary</c> is sent).</summary>
    public bool OneWorld { get; set; } = true;

    public NetSuiteMode Mode { get; set; } = NetSuiteMode.JournalEntry;

    /// <summary>
    /// The vendor's internal id a bill is drawn on when the journal names no employee vendor (<c>Employee.ErpId</c>): one vendor for
    /// employee reimbursements.
    /// </summary>
    public string? VendorId { get; set; }

    /// <summary>NetSuite currency internal id per ISO code, e.g. <c>CurrencyIds:USD</c> = <c>1</c>: the record takes a currency reference, not a code.</summary>
    public Dictionary<string, string> CurrencyIds { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The certificate id NetSuite gave when the public certificate was mapped to the integration: the JWT's <c>kid</c>.</summary>
    public string? CertificateId { get; set; }

    /// <summary>A PEM private key (RSA or EC P-256) or a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>, e.g. App Service's loaded certificate).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The certificate itself: PEM text or base64 PKCS#12, e.g. a Key Vault reference to a Key Vault certificate's secret.</summary>
    public string? Certificate { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Rows per SuiteQL page for the read-backs (NetSuite allows up to 1000).</summary>
    public int QueryPageSize { get; set; } = 1000;

    /// <summary><see cref="ErpConnectionOptions.BaseUrl"/>, or the REST root derived from <see cref="AccountId"/> when it is not set.</summary>
    public string RestRoot => !string.IsNullOrWhiteSpace(BaseUrl) ? BaseUrl.TrimEnd('/')
        : string.IsNullOrWhiteSpace(AccountId) ? string.Empty : $"https://{AccountHost}.suitetalk.api.netsuite.com/services/rest";

    /// <summary><see cref="ErpConnectionOptions.TokenEndpoint"/>, or <c>{RestRoot}/auth/oauth2/v1/token</c>.</summary>
    public string TokenUrl => !string.IsNullOrWhiteSpace(TokenEndpoint) ? TokenEndpoint : RestRoot + "/auth/oauth2/v1/token";

    /// <summary>The token's scopes (<c>rest_webservices</c> unless <see cref="ErpConnectionOptions.Scope"/> lists others, comma-separated).</summary>
    public IReadOnlyList<string> Scopes => string.IsNullOrWhiteSpace(Scope)
        ? ["rest_webservices"]
        : [.. Scope.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>The account id as NetSuite's host names write it: lower case, <c>_</c> as <c>-</c> (<c>1234567_SB1</c> → <c>1234567-sb1</c>).</summary>
    public string AccountHost => AccountId.Trim().ToLowerInvariant().Replace('_', '-');

    public bool UsesCertificate => !string.IsNullOrWhiteSpace(CertificateId);

    /// <summary>
    /// These settings as one journal is written: the record its entity asks for (<see cref="JournalEntry.PostingObject"/>, else
    /// <see cref="Mode"/>) and, for a vendor bill, the employee's vendor (<see cref="JournalEntry.EmployeeErpId"/>, else <see cref="VendorId"/>).
    /// </summary>
    internal NetSuiteOptions For(JournalEntry entry) => As(entry, entry.PostingObject switch
    {
        PostingObject.VendorBill => NetSuiteMode.VendorBill,
        PostingObject.JournalEntry => NetSuiteMode.JournalEntry,
        _ => Mode,
    });

    /// <summary>These settings (as <see cref="For"/> made them) for the record the journal is not written as: where it may stand from before its entity switched.</summary>
    internal NetSuiteOptions Other(JournalEntry entry) => As(entry, Mode == NetSuiteMode.VendorBill ? NetSuiteMode.JournalEntry : NetSuiteMode.VendorBill);

    private NetSuiteOptions As(JournalEntry entry, NetSuiteMode mode)
    {
        var vendor = mode == NetSuiteMode.VendorBill && !string.IsNullOrWhiteSpace(entry.EmployeeErpId) ? entry.EmployeeErpId : VendorId;
        if (mode == Mode && vendor == VendorId)
        {
            return this;
        }

        var copy = (NetSuiteOptions)MemberwiseClone();
        copy.Mode = mode;
        copy.VendorId = vendor;
        return copy;
    }
}
