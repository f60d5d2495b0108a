using FinanceFlow.Core.Exceptions;

namespace FinanceFlow.Core.Tests.Exceptions;

public sealed class BusinessDaysTests
{
    [Theory]
    [InlineData("2026-11-26T10:00:00", 5, "2026-12-03T10:00:00")] // Thursday + 5 → next Thursday
    [InlineData("2026-11-27T10:00:00", 1, "2026-11-30T10:00:00")] // Friday + 1 → Monday
    [InlineData("2026-11-28T10:00:00", 1, "2026-12-01T10:00:00")] // Saturday counts from Monday
    [InlineData("2026-12-03T10:00:00", -1, "2026-12-02T10:00:00")] // a reminder one business day before
    [InlineData("2026-11-30T10:00:00", -1, "2026-11-27T10:00:00")] // Monday − 1 → Friday
    [InlineData("2026-11-26T10:00:00", 0, "2026-11-26T10:00:00")]
    public void Add_SkipsWeekendsAndKeepsTheTimeOfDay(string from, int days, string expected)
    {
        var at = BusinessDays.Add(DateTime.Parse(from, System.Globalization.CultureInfo.InvariantCulture), days);

        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), at);
    }
}
