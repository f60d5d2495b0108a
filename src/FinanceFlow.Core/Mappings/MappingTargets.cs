using FinanceFlow.Core.Journal;
using FinanceFlow.Core.MasterData;

namespace FinanceFlow.Core.Mappings;

/// <summary>Checks a rule's entity, source and target against the governed master data.</summary>
internal static class MappingTargets
{
    public const string CostCenterPrefix = "cost-center:";
    public const string ProjectPrefix = "project:";
    public const string EmployeePlaceholder = "{employee}";

    /// <summary>Every (field, what is wrong) of the rule; empty when it can be saved.</summary>
    public static IEnumerable<(string Field, string Detail)> Check(MappingRule rule, MasterDataSnapshot master)
    {
        if (master.FindEntity(rule.Entity) is not { Active: true })
        {
            yield return ("entity", $"'{rule.Entity}' is not an active legal entity");
            yield break;
        }

        switch (rule.Kind)
        {
            case MappingKind.ExpenseTypes:
                if (master.FindAccount(rule.Entity, rule.Target) is not { Active: true })
                {
                    yield return ("target", $"'{rule.Target}' is not an active GL account of {rule.Entity}");
                }

                break;
            case MappingKind.TaxCodes:
                if (master.FindTaxCode(rule.Entity, rule.Target) is not { Active: true })
                {
                    yield return ("target", $"'{rule.Target}' is not an active tax code of {rule.Entity}");
                }

                break;
            case MappingKind.CostObjects:
                if (rule.Source.StartsWith(CostCenterPrefix, StringComparison.OrdinalIgnoreCase) && rule.Source.Length > CostCenterPrefix.Length)
                {
                    if (master.FindCostCenter(rule.Entity, rule.Target) is not { Active: true })
                    {
                        yield return ("target", $"'{rule.Target}' is not an active cost center of {rule.Entity}");
                    }
                }
                else if (rule.Source.StartsWith(ProjectPrefix, StringComparison.OrdinalIgnoreCase) && rule.Source.Length > ProjectPrefix.Length)
                {
                    if (master.FindProject(rule.Entity, rule.Target) is not { Active: true })
                    {
                        yield return ("target", $"'{rule.Target}' is not an active project of {rule.Entity}");
                    }
                }
                else
                {
                    yield return ("source", $"'{rule.Source}' must be {CostCenterPrefix}{{code}} or {ProjectPrefix}{{code}}");
                }

                break;
            case MappingKind.AccountRoles:
                if (!Enum.GetNames<AccountRole>().Contains(rule.Source, StringComparer.OrdinalIgnoreCase))
                {
                    yield return ("source", $"'{rule.Source}' is not an account role; expected one of {string.Join(", ", Enum.GetNames<AccountRole>())}");
                }

                // A template's fixed part may be a control account whose postable children are the employees' accounts.
                var account = AccountOf(rule.Target);
                if (account == rule.Target ? master.FindAccount(rule.Entity, account) is not { Active: true } : !master.IsActiveAccountOrParent(rule.Entity, account))
                {
                    yield return ("target", $"'{account}' is not an active GL account of {rule.Entity}");
                }

                break;
        }
    }

    /// <summary>The account a target names; for a template such as <c>liabilities:employees:{employee}</c>, the part before <c>:{employee}</c>.</summary>
    public static string AccountOf(string target)
    {
        var at = target.IndexOf(EmployeePlaceholder, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? target : target[..at].TrimEnd(':');
    }
}
