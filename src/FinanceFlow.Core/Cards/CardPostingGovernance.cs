using FinanceFlow.Core.Enrichment;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;

namespace FinanceFlow.Core.Cards;

/// <summary>Where a governed card batch posts: its entity's ledger and date, and the accounts of the two card roles.</summary>
/// <param name="Accounts">CardClearing and CardPayable of the entity, <c>{employee}</c> filled with the card holder's ERP id.</param>
/// <param name="OriginalDate">The statement date when a closed period moved the posting; null otherwise.</param>
public sealed record CardPostingTarget(string Ledger, IAccountResolver Accounts, DateOnly AccountingDate, DateOnly? OriginalDate, IReadOnlyList<string> MappingVersions);

/// <summary>
/// Governed posting of a card batch: the entity must be active with the batch currency as functional currency, its
/// <c>account-roles</c> mappings CardClearing and CardPayable must name active GL accounts, and the statement's period must
/// be open (or moved per the entity's policy). Every gap is a finding, as enrichment reports them for expense reports.
/// </summary>
public static class CardPostingGovernance
{
    private const string EmployeePlaceholder = "{employee}";

    public static (CardPostingTarget? Target, IReadOnlyList<Finding> Findings) Resolve(CardBatch batch, MasterDataSnapshot masterData, MappingSnapshot mappings)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(masterData);
        ArgumentNullException.ThrowIfNull(mappings);
        var findings = new List<Finding>();
        var entity = masterData.FindEntity(batch.LegalEntity);
        if (entity is null || !entity.Active)
        {
            findings.Add(entity is null
                ? new Finding(EnrichmentCodes.EntityUnknown, $"Legal entity `{batch.LegalEntity}` is not set up in master data (PUT /api/v1/masterdata/legal-entities).", "/legalEntity")
                : new Finding(EnrichmentCodes.EntityInactive, $"Legal entity `{batch.LegalEntity}` is inactive in master data.", "/legalEntity"));
            return (null, findings);
        }

        if (!string.Equals(batch.Currency, entity.FunctionalCurrency, StringComparison.Ordinal))
        {
            // Not converted on purpose: the issuer bills in the card's billing currency, and a batch converted at our rate would
            // leave in card clearing the difference to each report's own conversion, which no report clears.
            findings.Add(new Finding(EnrichmentCodes.CurrencyNotEnabled,
                $"Card batch currency {batch.Currency} is not the functional currency {entity.FunctionalCurrency} of entity {entity.Code}: card batches are booked unconverted, in the card's billing currency. " +
                $"If {entity.Code}'s functional currency is wrong, correct it (PUT /api/v1/masterdata/legal-entities) and send the batch again; " +
                $"if the batch belongs to another entity, or the program should bill in {entity.FunctionalCurrency}, have the card feed send it that way.", "/currency"));
        }

        var (posted, period) = AccountingPeriods.Resolve(entity, batch.StatementDate, "Statement date", "/statementDate");
        if (period is not null)
        {
            findings.Add(period);
        }

        var date = posted ?? batch.StatementDate;

        var citations = new SortedSet<string>(StringComparer.Ordinal);
        var templates = new Dictionary<AccountRole, string>();
        foreach (var role in new[] { AccountRole.CardClearing, AccountRole.CardPayable })
        {
            var rule = mappings.Resolve(MappingKind.AccountRoles, entity.Code, role.ToString(), batch.StatementDate);
            if (rule is null)
            {
                findings.Add(new Finding(EnrichmentCodes.AccountRoleUnmapped,
                    $"Account role {role} has no account for entity {entity.Code}: add the account-roles mapping {role} (PUT /api/v1/mappings/account-roles).", "/legalEntity"));
                continue;
            }

            citations.Add(rule.Citation);
            templates[role] = rule.Target;
            var perEmployee = rule.Target.IndexOf(":" + EmployeePlaceholder, StringComparison.Ordinal);
            var account = perEmployee < 0 ? rule.Target : rule.Target[..perEmployee];
            var active = perEmployee < 0 ? masterData.FindAccount(entity.Code, account) is { Active: true } : masterData.IsActiveAccountOrParent(entity.Code, account);
            if (!active)
            {
                findings.Add(new Finding(EnrichmentCodes.AccountUnknown,
                    $"GL account {account} (account role {role}) is not an active account of entity {entity.Code} (PUT /api/v1/masterdata/gl-accounts).", "/legalEntity"));
            }
        }

        var erpIds = new Dictionary<string, string>(StringComparer.Ordinal);
        if (templates.Values.Any(t => t.Contains(EmployeePlaceholder, StringComparison.Ordinal)))
        {
            for (var i = 0; i < batch.Transactions.Count; i++)
            {
                var holder = batch.Transactions[i].EmployeeId;
                if (masterData.FindEmployee(entity.Code, holder) is { Active: true } employee)
                {
                    erpIds[holder] = employee.ErpId;
                }
                else if (!erpIds.ContainsKey(holder))
                {
                    findings.Add(new Finding(EnrichmentCodes.EmployeeUnknown, $"Card holder {holder} is not an active employee of entity {entity.Code} (PUT /api/v1/masterdata/employees).", $"/transactions/{i}/employeeId"));
                    erpIds[holder] = holder;
                }
            }
        }

        return findings.Any(f => f.Severity == FindingSeverity.Error)
            ? (null, findings)
            : (new CardPostingTarget(entity.Ledger, new RoleAccounts(templates, erpIds), date, date == batch.StatementDate ? null : batch.StatementDate, [.. citations]), findings);
    }

    /// <summary>The entity's card-role accounts, <c>{employee}</c> filled with the card holder's ERP id.</summary>
    private sealed class RoleAccounts(IReadOnlyDictionary<AccountRole, string> templates, IReadOnlyDictionary<string, string> erpIds) : IAccountResolver
    {
        public string Resolve(AccountRole role, ExpenseLine? line, string employeeId) =>
            templates.TryGetValue(role, out var template)
                ? template.Replace(EmployeePlaceholder, AccountMap.Slug(erpIds.GetValueOrDefault(employeeId, employeeId)), StringComparison.Ordinal)
                : throw new InvalidOperationException($"No account for card role {role}; governance should have found it.");
    }
}
