using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;

namespace FinanceFlow.Core.Enrichment;

/// <summary>
/// Enriches a normalized report from governed master data and mappings: routes its lines to legal entities and, per
/// entity, resolves the employee, accounts, tax codes, cost objects, period and FX rates. What cannot be resolved
/// becomes a finding that names what is missing and where to fix it; nothing throws.
/// </summary>
/// <remarks>Mappings are taken as effective on the report's accounting date, so a later mapping change never rewrites a report already dated.</remarks>
public static partial class ReportEnricher
{
    public static EnrichmentResult Enrich(ExpenseReport report, DateOnly accountingDate, MasterDataSnapshot masterData, MappingSnapshot mappings)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(masterData);
        ArgumentNullException.ThrowIfNull(mappings);

        var findings = new List<Finding>();
        var batches = new List<EntityBatch>();
        foreach (var group in RouteLines(report))
        {
            var scope = new EntityScope(report, group.Entity, group.Pointer, accountingDate, masterData, mappings, findings);
            if (scope.Enrich(group.Lines) is { } batch)
            {
                batches.Add(batch);
            }
        }

        // A report posts to all its entities or to none: one entity's gap holds back the others.
        return findings.Any(f => f.Severity == FindingSeverity.Error) ? new EnrichmentResult([], findings) : new EnrichmentResult(batches, findings);
    }

    /// <summary>Lines grouped by the entity that books them (the line's own, else the report's), in first-seen order.</summary>
    public static IReadOnlyList<(string Entity, string Pointer, IReadOnlyList<(ExpenseLine Line, int Index)> Lines)> RouteLines(ExpenseReport report)
    {
        var groups = new List<(string Entity, string Pointer, IReadOnlyList<(ExpenseLine, int)> Lines)>();
        var byEntity = new Dictionary<string, List<(ExpenseLine, int)>>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < report.Lines.Count; i++)
        {
            var line = report.Lines[i];
            var own = !string.IsNullOrWhiteSpace(line.LegalEntity);
            var entity = own ? line.LegalEntity!.Trim() : report.LegalEntity;
            if (!byEntity.TryGetValue(entity, out var lines))
            {
                lines = [];
                byEntity[entity] = lines;
                groups.Add((entity, own ? $"/lines/{i}/legalEntity" : "/legalEntity", lines));
            }

            lines.Add((line, i));
        }

        return groups;
    }

    /// <summary>Enrichment of the lines one entity books.</summary>
    private sealed class EntityScope(
        ExpenseReport report, string code, string entityPointer, DateOnly accountingDate, MasterDataSnapshot masterData, MappingSnapshot mappings, List<Finding> findings)
    {
        private readonly SortedSet<string> _citations = new(StringComparer.Ordinal);
        private bool _failed;

        public EntityBatch? Enrich(IReadOnlyList<(ExpenseLine Line, int Index)> lines)
        {
            var entity = masterData.FindEntity(code);
            if (entity is null || !entity.Active)
            {
                Fail(entity is null ? EnrichmentCodes.EntityUnknown : EnrichmentCodes.EntityInactive,
                    entity is null
                        ? $"Legal entity `{code}` is not set up in master data (PUT /api/v1/masterdata/legal-entities)."
                        : $"Legal entity `{code}` is inactive in master data.",
                    entityPointer);
                return null;
            }

            if (masterData.FindCurrency(report.Currency) is not { } currency || !currency.IsEnabledFor(entity.Code))
            {
                Fail(EnrichmentCodes.CurrencyNotEnabled, $"Currency {report.Currency} is not enabled for entity {entity.Code} (PUT /api/v1/masterdata/currencies).", "/currency");
            }

            var employee = ResolveEmployee(entity);
            var postingDate = ResolvePeriod(entity);
            var enriched = new List<ExpenseLine>(lines.Count);
            var lineAccounts = new List<LineEnrichment>(lines.Count);
            foreach (var (line, index) in lines)
            {
                var (rewritten, accounts) = new LineScope(this, entity, employee, line, $"/lines/{index}", postingDate ?? accountingDate).Enrich();
                enriched.Add(rewritten);
                lineAccounts.Add(accounts);
            }

            var roles = ResolveRoles(entity, employee, enriched, lineAccounts);
            if (_failed || employee is null || postingDate is null)
            {
                return null;
            }

            var part = report with { LegalEntity = entity.Code, Lines = enriched, TotalAmount = enriched.Sum(l => l.GrossAmount) };
            return new EntityBatch(
                entity.Code, entity.Ledger, entity.FunctionalCurrency, entity.PostingObject, employee.ErpId, part, lineAccounts, roles,
                postingDate.Value, postingDate.Value == accountingDate ? null : accountingDate, [.. _citations]);
        }

        internal DateOnly AccountingDate => accountingDate;

        internal ExpenseReport Report => report;

        internal MasterDataSnapshot MasterData => masterData;

        internal MappingRule? Map(MappingKind kind, string source)
        {
            var rule = mappings.Resolve(kind, code, source, accountingDate);
            if (rule is not null)
            {
                _citations.Add(rule.Citation);
            }

            return rule;
        }

        internal void Fail(string findingCode, string message, string pointer)
        {
            _failed = true;
            findings.Add(new Finding(findingCode, message, pointer));
        }

        internal void Note(string findingCode, string message, string pointer) =>
            findings.Add(new Finding(findingCode, message, pointer, FindingSeverity.Warning));

        private Employee? ResolveEmployee(LegalEntity entity)
        {
            var employee = masterData.FindEmployee(entity.Code, report.Employee.Id);
            if (employee is null)
            {
                Fail(EnrichmentCodes.EmployeeUnknown,
                    $"Employee {report.Employee.Id} ({report.Employee.Name}) is not set up in entity {entity.Code} (PUT /api/v1/masterdata/employees).", "/employee/id");
            }
            else if (!employee.Active)
            {
                Fail(EnrichmentCodes.EmployeeInactive, $"Employee {report.Employee.Id} ({report.Employee.Name}) is inactive in entity {entity.Code}.", "/employee/id");
            }

            return employee;
        }

        private DateOnly? ResolvePeriod(LegalEntity entity)
        {
            var (date, finding) = AccountingPeriods.Resolve(entity, accountingDate, "Accounting date", "/accountingDate");
            if (finding is not null)
            {
                _failed |= finding.Severity == FindingSeverity.Error;
                findings.Add(finding);
            }

            return date;
        }

        private Dictionary<AccountRole, string> ResolveRoles(LegalEntity entity, Employee? employee, List<ExpenseLine> lines, List<LineEnrichment> accounts)
        {
            var needed = new List<AccountRole>();
            if (lines.Any(l => l.PaymentType == PaymentType.OutOfPocket))
            {
                needed.Add(AccountRole.EmployeePayable);
            }

            if (lines.Any(l => l.PaymentType == PaymentType.CompanyCard))
            {
                needed.Add(AccountRole.CardPayable);
            }

            if (lines.Any(l => l.PaymentType == PaymentType.CompanyCard && l.CardTransactionId is not null))
            {
                // A line naming a card transaction clears what the card feed booked, if the feed is in the ledger.
                needed.Add(AccountRole.CardClearing);
            }

            if (lines.Where((l, i) => l.TaxAmount * l.TaxDeductiblePercent != 0m && accounts[i].InputTaxAccount is null).Any())
            {
                needed.Add(AccountRole.InputTax);
            }

            if (!string.Equals(report.Currency, entity.FunctionalCurrency, StringComparison.Ordinal))
            {
                needed.Add(AccountRole.Rounding);
            }

            var roles = new Dictionary<AccountRole, string>();
            foreach (var role in needed)
            {
                var target = Map(MappingKind.AccountRoles, role.ToString())?.Target ?? (role == AccountRole.Rounding ? entity.RoundingAccount : null);
                if (target is null)
                {
                    Fail(EnrichmentCodes.AccountRoleUnmapped, $"Account role {role} has no account for entity {entity.Code} (PUT /api/v1/mappings/account-roles).", "/legalEntity");
                    continue;
                }

                var account = target.Replace("{employee}", AccountMap.Slug(employee?.ErpId), StringComparison.Ordinal);
                if (target.Contains(":{employee}", StringComparison.Ordinal))
                {
                    // The control account of the employees' sub-ledger: declared, or the parent of accounts already posted to.
                    var control = target[..target.IndexOf(":{employee}", StringComparison.Ordinal)];
                    if (!masterData.IsActiveAccountOrParent(entity.Code, control))
                    {
                        CheckAccount(entity.Code, control, $"account role {role}", "/legalEntity");
                    }
                }
                else
                {
                    CheckAccount(entity.Code, account, $"account role {role}", "/legalEntity");
                }
                roles[role] = account;
            }

            return roles;
        }

        internal void CheckAccount(string entity, string account, string usedFor, string pointer)
        {
            var record = masterData.FindAccount(entity, account);
            if (record is null)
            {
                Fail(EnrichmentCodes.AccountUnknown, $"GL account {account} ({usedFor}) is not an account of entity {entity} (PUT /api/v1/masterdata/gl-accounts).", pointer);
            }
            else if (!record.Active)
            {
                Fail(EnrichmentCodes.AccountInactive, $"GL account {account} ({usedFor}) is inactive in entity {entity}; map {usedFor} to an active account.", pointer);
            }
        }
    }
}
