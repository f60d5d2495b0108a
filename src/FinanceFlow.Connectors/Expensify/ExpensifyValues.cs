using System.Globalization;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Connectors.Expensify;

/// <summary>Reads Expensify's printed values: integer cents, rates, dates and flags.</summary>
internal static class ExpensifyValues
{
    /// <summary>
    /// Expensify keeps every amount as an integer count of hundredths of the currency unit, whatever the currency's own
    /// decimals (its apps convert with a fixed ×100, and the reference reconciliation template divides by 100 for card
    /// feeds in any currency): 150000 is 1,500 JPY. The currency's minor units then decide the scale and whether the
    /// amount is representable (1,500.50 JPY is not).
    /// </summary>
    public const decimal CentsPerUnit = 100m;

    private static readonly string[] InstantFormats =
        ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd"];

    /// <summary>Integer cents; a whole number printed with a fraction (<c>1234.0</c>) is accepted, <c>12.5</c> is not.</summary>
    public static bool TryCents(string? text, out long cents)
    {
        cents = 0;
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value != decimal.Truncate(value) || value is > long.MaxValue or < long.MinValue)
        {
            return false;
        }

        cents = (long)value;
        return true;
    }

    /// <summary>Cents as a decimal amount at the currency's scale (12.00 USD, 1500 JPY); false when it does not fit the minor units.</summary>
    public static bool TryAmount(long cents, int minorUnits, out decimal amount)
    {
        var exact = cents / CentsPerUnit;
        amount = exact;
        if (!Currencies.FitsMinorUnits(exact, minorUnits))
        {
            return false;
        }

        // Adding a zero of the currency's scale prints 12.00 rather than 12; Round drops the .00 of JPY.
        amount = Currencies.Round(exact, minorUnits) + new decimal(0, 0, 0, false, (byte)minorUnits);
        return true;
    }

    /// <summary>A positive exchange rate, read exactly (Expensify may print an exponent).</summary>
    public static bool TryRate(string? text, out decimal rate) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out rate) && rate > 0;

    /// <summary>Expensify's timestamps carry no offset and are UTC.</summary>
    public static bool TryInstant(string? text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParseExact(
            text, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);

    /// <summary>The calendar date as Expensify printed it (no time-zone shift).</summary>
    public static bool TryDate(string? text, out DateOnly date)
    {
        date = default;
        return text is { Length: >= 10 } && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    public static bool? Flag(string? text) => text?.ToUpperInvariant() switch
    {
        "TRUE" or "1" => true,
        "FALSE" or "0" => false,
        _ => null,
    };
}
