using System.Globalization;
using FinanceFlow.Core.MasterData;

namespace FinanceFlow.Core.Enrichment;

/// <summary>Open and closed accounting periods (calendar months) of a legal entity.</summary>
public static class AccountingPeriods
{
    /// <summary>The month of a date as a period name, <c>yyyy-MM</c>.</summary>
    public static string PeriodOf(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>True when the text is a period name <c>yyyy-MM</c>.</summary>
    public static bool TryParse(string? period, out DateOnly firstDay) =>
        DateOnly.TryParseExact((period ?? "") + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out firstDay);

    /// <summary>True when <paramref name="date"/> falls in an open period; an entity with no periods listed has every period open.</summary>
    public static bool IsOpen(LegalEntity entity, DateOnly date) =>
        entity.OpenPeriods.Count == 0 || entity.OpenPeriods.Contains(PeriodOf(date), StringComparer.Ordinal);

    /// <summary>The first day of the earliest open period after the month of <paramref name="date"/>; null when none is open.</summary>
    public static DateOnly? NextOpenPeriodStart(LegalEntity entity, DateOnly date)
    {
        var month = new DateOnly(date.Year, date.Month, 1);
        DateOnly? next = null;
        foreach (var period in entity.OpenPeriods)
        {
            if (TryParse(period, out var start) && start > month && (next is null || start < next))
            {
                next = start;
            }
        }

        return next;
    }

    /// <summary>
    /// The date to post on under the entity's closed-period policy: <paramref name="date"/> when its period is open; the first day
    /// of the next open period (with a <c>period-moved</c> warning) under <see cref="ClosedPeriodPolicy.PostToNextOpenPeriod"/>;
    /// otherwise null with a <c>period-closed</c> error.
    /// </summary>
    /// <param name="what">How the date is named in the findings, e.g. <c>Accounting date</c>, <c>Statement date</c>.</param>
    /// <param name="pointer">JSON pointer of the date in the document the findings refer to.</param>
    public static (DateOnly? Date, Model.Finding? Finding) Resolve(LegalEntity entity, DateOnly date, string what, string pointer)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (IsOpen(entity, date))
        {
            return (date, null);
        }

        var period = PeriodOf(date);
        if (entity.ClosedPeriodPolicy == ClosedPeriodPolicy.PostToNextOpenPeriod && NextOpenPeriodStart(entity, date) is { } next)
        {
            return (next, new Model.Finding(
                EnrichmentCodes.PeriodMoved,
                $"Period {period} of entity {entity.Code} is closed: posted on {next:yyyy-MM-dd}, the first day of the next open period; the original date {date:yyyy-MM-dd} is recorded.",
                pointer,
                Model.FindingSeverity.Warning));
        }

        return (null, new Model.Finding(
            EnrichmentCodes.PeriodClosed,
            entity.ClosedPeriodPolicy == ClosedPeriodPolicy.Stop
                ? $"{what} {date:yyyy-MM-dd} falls in period {period}, which is closed for entity {entity.Code}; open the period or correct the date."
                : $"{what} {date:yyyy-MM-dd} falls in closed period {period} of entity {entity.Code}, and no later period is open.",
            pointer));
    }
}
