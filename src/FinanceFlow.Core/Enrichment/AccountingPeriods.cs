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
}
