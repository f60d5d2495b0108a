namespace FinanceFlow.Core.Enrichment;

/// <summary>Finding codes of enrichment: each names a master-data or mapping gap finance can fix.</summary>
public static class EnrichmentCodes
{
    public const string EntityUnknown = "entity-unknown";
    public const string EntityInactive = "entity-inactive";
    public const string CurrencyNotEnabled = "currency-not-enabled";
    public const string EmployeeUnknown = "employee-unknown";
    public const string EmployeeInactive = "employee-inactive";
    public const string PeriodClosed = "period-closed";
    public const string PeriodMoved = "period-moved";
    public const string ExpenseTypeUnmapped = "expense-type-unmapped";
    public const string AccountUnknown = "gl-account-unknown";
    public const string AccountInactive = "gl-account-inactive";
    public const string TaxCodeUnmapped = "tax-code-unmapped";
    public const string TaxCodeInactive = "tax-code-inactive";
    public const string CostCenterUnknown = "cost-center-unknown";
    public const string CostCenterInactive = "cost-center-inactive";
    public const string ProjectUnknown = "project-unknown";
    public const string ProjectInactive = "project-inactive";
    public const string AccountRoleUnmapped = "account-role-unmapped";
    public const string FxRateMissing = "fx-rate-missing";
}
