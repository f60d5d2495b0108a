using System.Globalization;

namespace FinanceFlow.Core.MasterData;

/// <summary>Checks a whole record can take beyond the type of each field: ranges, formats and pairs.</summary>
internal static class MasterDataRules
{
    /// <summary>Every (field, what is wrong) of the record; empty when it is good.</summary>
    public static IEnumerable<(string Field, string Detail)> Check(MasterRecord record)
    {
        switch (record)
        {
            case LegalEntity entity:
                for (var i = 0; i < entity.OpenPeriods.Count; i++)
                {
                    if (!DateOnly.TryParseExact(entity.OpenPeriods[i] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    {
                        yield return ("openPeriods", $"'{entity.OpenPeriods[i]}' is not a period in the format yyyy-MM");
                    }
                }

                if (entity.FxRateMaxAgeDays < 0)
                {
                    yield return ("fxRateMaxAgeDays", "must not be negative");
                }

                break;
            case TaxCode tax:
                if (tax.Rate is < 0 or > 100)
                {
                    yield return ("rate", $"{tax.Rate.ToString(CultureInfo.InvariantCulture)} is outside 0–100 (percent)");
                }

                if (tax.DeductiblePercent is < 0 or > 100)
                {
                    yield return ("deductiblePercent", $"{tax.DeductiblePercent.ToString(CultureInfo.InvariantCulture)} is outside 0–100");
                }

                break;
            case FxRate rate:
                if (rate.Rate <= 0)
                {
                    yield return ("rate", $"{rate.Rate.ToString(CultureInfo.InvariantCulture)} must be greater than 0");
                }

                if (string.Equals(rate.From, rate.To, StringComparison.OrdinalIgnoreCase))
                {
                    yield return ("to", "must differ from 'from'");
                }

                break;
        }
    }
}
