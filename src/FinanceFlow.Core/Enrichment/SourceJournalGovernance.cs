using FinanceFlow.Core.Journal;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;

namespace FinanceFlow.Core.Enrichment;

/// <summary>
/// Governs a journal the source document decided itself (Concur's journal data): its accounts and lines stay as the
/// document says, but the entity, currency, employee, accounts and period are checked against master data, the journal
/// goes to the entity's ledger, a closed period moves or stops it, and a report currency other than the functional one
/// is converted at the entity's rate.
/// </summary>
public static class SourceJournalGovernance
{
    /// <summary>The governed journal, or null with findings saying what to fix.</summary>
    public static (JournalEntry? Journal, IReadOnlyList<Finding> Findings) Govern(JournalEntry journal, ExpenseReport report, MasterDataSnapshot masterData)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(masterData);
        var findings = new List<Finding>();
        var entity = masterData.FindEntity(journal.LegalEntity);
        if (entity is null || !entity.Active)
        {
            findings.Add(new Finding(entity is null ? EnrichmentCodes.EntityUnknown : EnrichmentCodes.EntityInactive,
                entity is null ? $"Legal entity `{journal.LegalEntity}` is not set up in master data (PUT /api/v1/masterdata/legal-entities)." : $"Legal entity `{journal.LegalEntity}` is inactive in master data.",
                "/legalEntity"));
            return (null, findings);
        }

        if (masterData.FindCurrency(journal.Currency) is not { } currency || !currency.IsEnabledFor(entity.Code))
        {
            findings.Add(new Finding(EnrichmentCodes.CurrencyNotEnabled, $"Currency {journal.Currency} is not enabled for entity {entity.Code} (PUT /api/v1/masterdata/currencies).", "/currency"));
        }

        if (masterData.FindEmployee(entity.Code, report.Employee.Id) is not { Active: true })
        {
            findings.Add(new Finding(EnrichmentCodes.EmployeeUnknown,
                $"Employee {report.Employee.Id} ({report.Employee.Name}) is not set up (active) in entity {entity.Code} (PUT /api/v1/masterdata/employees).", "/employee/id"));
        }

        foreach (var account in journal.Lines.Select(l => l.Account).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!IsGoverned(masterData, entity.Code, account))
            {
                findings.Add(new Finding(EnrichmentCodes.AccountUnknown,
                    $"GL account {account} of the source's journal is not an active account of entity {entity.Code} (PUT /api/v1/masterdata/gl-accounts, or the ERP's chart of accounts).", "/lines"));
            }
        }

        var (posted, period) = AccountingPeriods.Resolve(entity, journal.AccountingDate, "Accounting date", "/accountingDate");
        if (period is not null)
        {
            findings.Add(period);
        }

        var date = posted ?? journal.AccountingDate;
        var converted = Convert(journal, entity, date, report, masterData, findings);
        if (findings.Any(f => f.Severity == FindingSeverity.Error) || converted is null)
        {
            return (null, findings);
        }

        return (converted with
        {
            AccountingDate = date,
            Ledger = entity.Ledger,
            OriginalAccountingDate = date == journal.AccountingDate ? null : journal.AccountingDate,
        }, findings);
    }

    /// <summary>An account is governed when it, a parent of it (a sub-ledger control account), or a child of it is an active GL account.</summary>
    private static bool IsGoverned(MasterDataSnapshot masterData, string entity, string account)
    {
        if (masterData.IsActiveAccountOrParent(entity, account))
        {
            return true;
        }

        for (var colon = account.LastIndexOf(':'); colon > 0; colon = account.LastIndexOf(':', colon - 1))
        {
            if (masterData.FindAccount(entity, account[..colon]) is { Active: true })
            {
                return true;
            }
        }

        return false;
    }

    private static JournalEntry? Convert(JournalEntry journal, LegalEntity entity, DateOnly postingDate, ExpenseReport report, MasterDataSnapshot masterData, List<Finding> findings)
    {
        if (string.Equals(journal.Currency, entity.FunctionalCurrency, StringComparison.Ordinal))
        {
            return journal;
        }

        // One rate for the whole document: its lines are accounting lines, not receipts with their own dates.
        var date = entity.FxRateDate switch
        {
            FxRateDate.ApprovalDate => DateOnly.FromDateTime((report.Approvals.Count > 0 ? report.Approvals.Max(a => a.ApprovedAt) : report.SubmittedAt).UtcDateTime),
            FxRateDate.PostingDate => postingDate,
            _ => report.Lines.Count > 0 ? report.Lines.Min(l => l.TransactionDate) : postingDate,
        };
        var rate = masterData.FindRateEitherWay(journal.Currency, entity.FunctionalCurrency, date, entity.FxRateMaxAgeDays) is { } found
            ? new LineRate(found.Rate, found.Date, found.Source)
            : null;
        if (rate is null || entity.RoundingAccount is null)
        {
            findings.Add(new Finding(EnrichmentCodes.FxRateMissing, rate is null
                ? $"No {journal.Currency}→{entity.FunctionalCurrency} rate in fx-rates for {date:yyyy-MM-dd} or the {entity.FxRateMaxAgeDays} days before (PUT /api/v1/masterdata/fx-rates)."
                : $"Entity {entity.Code} converts the source's journal into {entity.FunctionalCurrency} but has no roundingAccount.", "/currency"));
            return null;
        }

        var units = Currencies.TryGetMinorUnits(entity.FunctionalCurrency, out var u) ? u : 2;
        var lines = journal.Lines.Select(l => l with
        {
            Debit = Currencies.Round(l.Debit * rate.Rate, units),
            Credit = Currencies.Round(l.Credit * rate.Rate, units),
            Fx = new FxConversion(journal.Currency, l.Debit != 0m ? l.Debit : l.Credit, rate.Rate, rate.RateDate, rate.RateSource),
        }).ToList();
        var imbalance = lines.Sum(l => l.Debit) - lines.Sum(l => l.Credit);
        if (imbalance != 0m)
        {
            lines.Add(PostingRules.ToPositiveSide(new JournalLine(AccountRole.Rounding, entity.RoundingAccount, 0m, imbalance, Memo: $"FX rounding {journal.Currency}→{entity.FunctionalCurrency}")));
        }

        return journal with { Currency = entity.FunctionalCurrency, Lines = lines };
    }
}
