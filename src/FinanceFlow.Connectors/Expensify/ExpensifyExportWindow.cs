namespace FinanceFlow.Connectors.Expensify;

/// <summary>One export's date filter: <c>startDate</c> to <c>endDate</c>, both inclusive, never more than one year apart.</summary>
public sealed record ExpensifyExportWindow(DateOnly Start, DateOnly End)
{
    /// <summary>
    /// The windows from <paramref name="start"/> (the last year when null) up to <paramref name="today"/>, oldest first.
    /// </summary>
    /// <remarks>
    /// Expensify refuses an export whose range exceeds one year, and requires <c>endDate</c> when <c>startDate</c> is over a
    /// year ago. The last window ends the day after <paramref name="today"/> (UTC): a report created today in a time zone
    /// ahead of UTC is dated tomorrow there.
    /// </remarks>
    public static IReadOnlyList<ExpensifyExportWindow> UpTo(DateOnly today, DateOnly? start)
    {
        var last = today.AddDays(1);
        var from = start ?? last.AddYears(-1).AddDays(1);
        var windows = new List<ExpensifyExportWindow>();
        while (from <= last)
        {
            var end = from.AddYears(1).AddDays(-1);
            windows.Add(new ExpensifyExportWindow(from, end < last ? end : last));
            from = end.AddDays(1);
        }

        return windows;
    }
}
