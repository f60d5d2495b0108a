using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.Posting;

/// <summary>Splits an amount by weights into currency units so the parts add up to the amount exactly.</summary>
public static class AmountSplitter
{
    /// <summary>
    /// Each part is the amount × weight / Σ weights, rounded to <paramref name="minorUnits"/>; the rounding
    /// remainder goes to the part with the largest weight (the first of equals), where it matters least.
    /// </summary>
    public static IReadOnlyList<decimal> Split(decimal amount, IReadOnlyList<decimal> weights, int minorUnits)
    {
        if (weights.Count == 0)
        {
            return [];
        }

        var totalWeight = weights.Sum();
        if (totalWeight == amount && weights.All(w => Currencies.FitsMinorUnits(w, minorUnits)))
        {
            // Allocations by amount with nothing taken out: use them as given.
            return [.. weights];
        }

        var parts = new decimal[weights.Count];
        var largest = 0;

        // Weights that nearly cancel out (1000 and -999.99999999) would multiply the amount past what decimal holds; such allocations
        // fail policy (they do not come to the line), so the whole amount goes to the largest weight and the journal still balances.
        var usable = totalWeight != 0 && weights.All(w => Math.Abs(w) / Math.Abs(totalWeight) < 1_000_000m);
        for (var i = 0; i < weights.Count; i++)
        {
            parts[i] = usable ? Currencies.Round(amount * (weights[i] / totalWeight), minorUnits) : 0;
            if (weights[i] > weights[largest])
            {
                largest = i;
            }
        }

        parts[largest] += amount - parts.Sum();
        return parts;
    }
}
