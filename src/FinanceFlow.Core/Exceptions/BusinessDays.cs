namespace FinanceFlow.Core.Exceptions;

/// <summary>Business days are Monday to Friday (UTC); public holidays are not known here and count as business days.</summary>
public static class BusinessDays
{
    /// <summary>
    /// <paramref name="from"/> moved by <paramref name="days"/> business days (back for a negative number), keeping the time of day;
    /// a start on a weekend counts from the next (or, going back, the previous) business day.
    /// </summary>
    public static DateTime Add(DateTime from, int days)
    {
        var step = days < 0 ? -1 : 1;
        var at = from;
        while (IsWeekend(at))
        {
            at = at.AddDays(step);
        }

        for (var left = Math.Abs(days); left > 0;)
        {
            at = at.AddDays(step);
            if (!IsWeekend(at))
            {
                left--;
            }
        }

        return at;
    }

    private static bool IsWeekend(DateTime day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
