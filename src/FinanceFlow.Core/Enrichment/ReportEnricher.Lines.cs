using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.Enrichment;

public static partial class ReportEnricher
{
    /// <summary>Enrichment of one line within its entity: expense account, tax code, cost objects and FX rate.</summary>
    private sealed class LineScope(EntityScope scope, LegalEntity entity, Employee? employee, ExpenseLine line, string pointer, DateOnly postingDate)
    {
        private const string CostCenterDimension = "cost-center";
        private const string ProjectDimension = "project";

        public (ExpenseLine Line, LineEnrichment Accounts) Enrich()
        {
            var expenseAccount = ResolveExpenseAccount();
            var (taxCode, deductible, inputTaxAccount) = ResolveTax();
            var allocations = ResolveAllocations();
            var rate = ResolveRate();
            return (line with { TaxCode = taxCode, TaxDeductiblePercent = deductible, Allocations = allocations, LegalEntity = entity.Code },
                new LineEnrichment(expenseAccount, inputTaxAccount, rate));
        }

        private string ResolveExpenseAccount()
        {
            if (scope.Map(MappingKind.ExpenseTypes, line.ExpenseType) is not { } rule)
            {
                scope.Fail(EnrichmentCodes.ExpenseTypeUnmapped,
                    $"Expense type `{line.ExpenseType}` has no GL account for entity {entity.Code} on {scope.AccountingDate:yyyy-MM-dd} (PUT /api/v1/mappings/expense-types).",
                    pointer + "/expenseType");
                return "";
            }

            scope.CheckAccount(entity.Code, rule.Target, $"expense type `{line.ExpenseType}`", pointer + "/expenseType");
            return rule.Target;
        }

        private (string? Code, decimal Deductible, string? InputTaxAccount) ResolveTax()
        {
            if (string.IsNullOrWhiteSpace(line.TaxCode))
            {
                return (line.TaxCode, line.TaxDeductiblePercent, null);
            }

            // A source that already uses the ERP's codes needs no mapping: the code is taken as it is when the entity has it.
            var erpCode = scope.Map(MappingKind.TaxCodes, line.TaxCode)?.Target ?? line.TaxCode;
            var taxCode = scope.MasterData.FindTaxCode(entity.Code, erpCode);
            if (taxCode is null)
            {
                scope.Fail(EnrichmentCodes.TaxCodeUnmapped,
                    $"Tax code `{line.TaxCode}` is not a tax code of entity {entity.Code} and has no mapping (PUT /api/v1/mappings/tax-codes).", pointer + "/taxCode");
                return (line.TaxCode, line.TaxDeductiblePercent, null);
            }

            if (!taxCode.Active)
            {
                scope.Fail(EnrichmentCodes.TaxCodeInactive, $"Tax code {taxCode.Code} of entity {entity.Code} is inactive.", pointer + "/taxCode");
            }

            // The ERP code caps what may be reclaimed; the platform may know a line reclaims less (entertaining, private use).
            return (taxCode.Code, Math.Min(line.TaxDeductiblePercent, taxCode.DeductiblePercent), taxCode.InputTaxAccount);
        }

        private IReadOnlyList<Allocation> ResolveAllocations()
        {
            if (line.Allocations.Count == 0)
            {
                return employee?.DefaultCostCenter is { Length: > 0 } costCenter
                    ? [new Allocation(CostObject(CostCenterDimension, costCenter, "/employee/id"), null, 100m, null)]
                    : [];
            }

            var allocations = new List<Allocation>(line.Allocations.Count);
            for (var i = 0; i < line.Allocations.Count; i++)
            {
                var allocation = line.Allocations[i];
                var at = $"{pointer}/allocations/{i}";
                allocations.Add(allocation with
                {
                    CostCenter = allocation.CostCenter is null ? null : CostObject(CostCenterDimension, allocation.CostCenter, at + "/costCenter"),
                    Project = allocation.Project is null ? null : CostObject(ProjectDimension, allocation.Project, at + "/project"),
                });
            }

            return allocations;
        }

        private string CostObject(string dimension, string value, string at)
        {
            var target = scope.Map(MappingKind.CostObjects, $"{dimension}:{value}")?.Target ?? value;
            var isCostCenter = dimension == CostCenterDimension;
            var record = isCostCenter ? (MasterRecord?)scope.MasterData.FindCostCenter(entity.Code, target) : scope.MasterData.FindProject(entity.Code, target);
            var what = isCostCenter ? "cost center" : "project";
            if (record is null)
            {
                scope.Fail(isCostCenter ? EnrichmentCodes.CostCenterUnknown : EnrichmentCodes.ProjectUnknown,
                    $"`{value}` is not a {what} of entity {entity.Code} and has no mapping (PUT /api/v1/mappings/cost-objects).", at);
            }
            else if (!record.Active)
            {
                scope.Fail(isCostCenter ? EnrichmentCodes.CostCenterInactive : EnrichmentCodes.ProjectInactive,
                    $"The {what} {target} of entity {entity.Code} is inactive (retired); charge the line to an active {what}.", at);
            }

            return target;
        }

        private LineRate? ResolveRate()
        {
            var from = scope.Report.Currency;
            var to = entity.FunctionalCurrency;
            if (string.Equals(from, to, StringComparison.Ordinal))
            {
                return null;
            }

            if (entity.FxRateSource == FxRateSource.Document)
            {
                // The platform's own conversion: the line's original amount is in the functional currency, with its rate to the report currency.
                if (line.Original is { ExchangeRate: > 0m } original && string.Equals(original.Currency, to, StringComparison.Ordinal))
                {
                    return new LineRate(decimal.Round(1m / original.ExchangeRate, 10), line.TransactionDate, "document");
                }

                scope.Fail(EnrichmentCodes.FxRateMissing,
                    $"Entity {entity.Code} converts with the document's rate, but line {line.LineId} carries no {from}→{to} rate; load fx-rates and set the entity's fxRateSource to MasterData, or have the platform convert into {to}.",
                    pointer + "/original");
                return null;
            }

            var (date, basis) = entity.FxRateDate switch
            {
                FxRateDate.ApprovalDate => (ApprovalDate(), "approval date"),
                FxRateDate.PostingDate => (postingDate, "posting date"),
                _ => (line.TransactionDate, "transaction date"),
            };

            if (scope.MasterData.FindRateEitherWay(from, to, date, entity.FxRateMaxAgeDays) is { } rate)
            {
                return new LineRate(rate.Rate, rate.Date, rate.Source);
            }

            scope.Fail(EnrichmentCodes.FxRateMissing,
                $"No {from}→{to} rate in fx-rates for {date:yyyy-MM-dd} ({basis} of line {line.LineId}) or the {entity.FxRateMaxAgeDays} days before (PUT /api/v1/masterdata/fx-rates).",
                pointer);
            return null;
        }

        private DateOnly ApprovalDate()
        {
            var report = scope.Report;
            var at = report.Approvals.Count > 0 ? report.Approvals.Max(a => a.ApprovedAt) : report.SubmittedAt;
            return DateOnly.FromDateTime(at.UtcDateTime);
        }
    }
}
