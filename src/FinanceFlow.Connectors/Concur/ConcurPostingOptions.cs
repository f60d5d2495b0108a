using System.ComponentModel.DataAnnotations;

namespace FinanceFlow.Connectors.Concur;

/// <summary>How Concur documents post, per Concur company (<c>FinanceFlow:Sources:concur:Posting</c>).</summary>
/// <remarks>
/// Concur's own examples credit company-paid charges to the card vendor (use case 2.5) and to the employee vendor
/// (use case 4.1): which one is right depends on how the entity settles its cards, so it is configured.
/// </remarks>
public sealed class ConcurPostingOptions
{
    public const string SectionName = "FinanceFlow:Sources:concur:Posting";

    /// <summary>Settings for companies not listed in <see cref="Companies"/>.</summary>
    [Required]
    public ConcurCompanyPosting Default { get; init; } = new();

    /// <summary>Concur company id (the document's <c>companyId</c>) → settings.</summary>
    public Dictionary<string, ConcurCompanyPosting> Companies { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The settings of one company, or <see cref="Default"/>.</summary>
    public ConcurCompanyPosting For(string? companyId) =>
        companyId is not null && Companies.TryGetValue(companyId, out var company) ? company
        : companyId is null ? Default
        : Companies.FirstOrDefault(kv => string.Equals(kv.Key, companyId, StringComparison.OrdinalIgnoreCase)).Value ?? Default;
}

/// <summary>Posting settings of one Concur company.</summary>
public sealed class ConcurCompanyPosting
{
    /// <summary>The ledger's legal entity; the document's companyId when empty.</summary>
    public string? LegalEntity { get; init; }

    /// <summary>Where charges on individually billed, company paid cards (payee IBCP) are credited.</summary>
    public ConcurCardCredit IndividuallyBilledCard { get; init; } = ConcurCardCredit.CardVendor;

    /// <summary>Where charges on company billed, company paid cards (payee CBCP) are credited.</summary>
    public ConcurCardCredit CompanyBilledCard { get; init; } = ConcurCardCredit.CardVendor;

    /// <summary>Where charges the company paid directly (payee COPD) are credited; its bill is matched in AP against the clearing account.</summary>
    public ConcurCardCredit CompanyPaid { get; init; } = ConcurCardCredit.CardClearing;

    /// <summary>Post to the account codes the document carries (expense, cash-advance clearing, card liability); the account map fills the rest.</summary>
    public bool UseDocumentAccountCodes { get; init; } = true;

    /// <summary>Which allocationCustom{n}Code holds the cost center (0 = none).</summary>
    [Range(0, 20)]
    public int CostCenterField { get; init; } = 4;

    /// <summary>Which allocationCustom{n}Code holds the project (0 = none).</summary>
    [Range(0, 20)]
    public int ProjectField { get; init; }
}

/// <summary>The account a company-paid charge is owed to.</summary>
public enum ConcurCardCredit
{
    /// <summary>Concur's "Credit Card Vendor"/"Card Vendor": the card issuer (CardPayable).</summary>
    CardVendor,

    /// <summary>Concur's "Employee Vendor": the card is settled through the employee's vendor account (EmployeePayable).</summary>
    EmployeeVendor,

    /// <summary>Concur's "Credit Card Clearing Account" (CardClearing).</summary>
    CardClearing,
}
