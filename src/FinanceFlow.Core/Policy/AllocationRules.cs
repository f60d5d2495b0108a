using FinanceFlow.Core.Model;
using static System.FormattableString;

namespace FinanceFlow.Core.Policy;

/// <summary>Rules on how a line is split over cost centers and projects.</summary>
internal static class AllocationRules
{
    public static void Check(List<Finding> findings, ExpenseLine line, string path, string currency, int? decimals)
    {
        var allocations = line.Allocations;
        if (allocations.Count == 0)
        {
            return;
        }

        var allocationsPath = path + "/allocations";
        var unclear = allocations.Select((a, j) => (a, j)).FirstOrDefault(x => (x.a.Percent is null) == (x.a.Amount is null));
        if (unclear.a is not null)
        {
            findings.Add(new(
                PolicyCodes.AllocationMixed,
                Invariant($"Line '{line.LineId}' allocation {unclear.j + 1} must have exactly one of percent or amount."),
                Invariant($"{allocationsPath}/{unclear.j}")));
            return;
        }

        var byPercent = allocations.Count(a => a.Percent is not null);
        var byAmount = allocations.Count(a => a.Amount is not null);
        if (byPercent > 0 && byAmount > 0)
        {
            findings.Add(new(
                PolicyCodes.AllocationMixed,
                Invariant($"Line '{line.LineId}' mixes allocations by percent ({byPercent}) and by amount ({byAmount}); use one kind per line."),
                allocationsPath));
            return;
        }

        for (var j = 0; j < allocations.Count; j++)
        {
            var share = allocations[j];
            var sharePath = Invariant($"{allocationsPath}/{j}");
            if (share.Percent is { } percent && percent <= 0)
            {
                findings.Add(new(PolicyCodes.NonPositiveAllocation, Invariant($"Line '{line.LineId}' allocation {j + 1} is {percent} %; shares must be greater than zero."), sharePath + "/percent"));
            }

            if (share.Amount is { } amount)
            {
                if (amount == 0 || LineRules.OppositeSigns(amount, line.GrossAmount))
                {
                    findings.Add(new(PolicyCodes.NonPositiveAllocation, Invariant($"Line '{line.LineId}' allocation {j + 1} is {amount} {currency}; shares must be non-zero with the sign of the line ({line.GrossAmount})."), sharePath + "/amount"));
                }

                LineRules.CheckDecimals(findings, amount, decimals, currency, sharePath + "/amount");
            }
        }

        if (byPercent > 0)
        {
            var total = allocations.Sum(a => a.Percent!.Value);
            if (total != 100m)
            {
                findings.Add(new(PolicyCodes.AllocationPercentTotal, Invariant($"Line '{line.LineId}' allocations add up to {total} %, not 100 %."), allocationsPath));
            }
        }
        else
        {
            var total = allocations.Sum(a => a.Amount!.Value);
            if (total != line.GrossAmount)
            {
                findings.Add(new(
                    PolicyCodes.AllocationAmountTotal,
                    Invariant($"Line '{line.LineId}' allocations add up to {total} {currency}, not the line's gross {line.GrossAmount} {currency}."),
                    allocationsPath));
            }
        }
    }
}
