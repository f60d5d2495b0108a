namespace FinanceFlow.Connectors.Concur;

/// <summary>Payer and payee codes of FIS journal rows, and the Y/N flags.</summary>
public static class ConcurPaymentCodes
{
    /// <summary>The company.</summary>
    public const string Company = "COMP";

    /// <summary>The employee (Concur's "Employee Vendor").</summary>
    public const string Employee = "EMPL";

    /// <summary>Individually billed, company paid card.</summary>
    public const string IndividuallyBilledCard = "IBCP";

    /// <summary>Company billed, company paid card.</summary>
    public const string CompanyBilledCard = "CBCP";

    /// <summary>Company paid directly (central bill, travel agency).</summary>
    public const string CompanyPaid = "COPD";

    /// <summary>Upper-case, trimmed; null stays null.</summary>
    public static string? Normalize(string? code) => code?.Trim().ToUpperInvariant();

    /// <summary>True for the company-paid payees: IBCP, CBCP and COPD.</summary>
    public static bool IsCompanyPaid(string? code) => code is IndividuallyBilledCard or CompanyBilledCard or CompanyPaid;

    /// <summary>True for a payer → payee pair the posting rules know: COMP → EMPL/IBCP/CBCP/COPD, EMPL → COMP/IBCP/CBCP.</summary>
    public static bool IsSupported(string? payer, string? payee) => (payer, payee) switch
    {
        (Company, Employee) => true,
        (Company, var p) when IsCompanyPaid(p) => true,
        (Employee, Company or IndividuallyBilledCard or CompanyBilledCard) => true,
        _ => false,
    };

    /// <summary>Concur's Y/N flags.</summary>
    public static bool IsYes(string? flag) => string.Equals(flag?.Trim(), "Y", StringComparison.OrdinalIgnoreCase);
}
