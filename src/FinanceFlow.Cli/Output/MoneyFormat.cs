using System.Globalization;

namespace FinanceFlow.Cli.Output;

/// <summary>Amounts shown with their currency and that currency's minor units.</summary>
public static class MoneyFormat
{
    private static readonly HashSet<string> NoMinorUnit = new(StringComparer.OrdinalIgnoreCase) { "JPY", "KRW", "ISK", "CLP", "VND", "HUF" };

    public static int Decimals(string currency) => NoMinorUnit.Contains(currency) ? 0 : 2;

    public static string Format(decimal amount, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{currency} {amount.ToString("N" + Decimals(currency), CultureInfo.InvariantCulture)}");
}
