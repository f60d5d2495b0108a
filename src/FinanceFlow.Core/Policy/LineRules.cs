using FinanceFlow.Core.Model;
using static System.FormattableString;

namespace FinanceFlow.Core.Policy;

/// <summary>Rules on one line's own amounts, foreign amount and date.</summary>
internal static class LineRules
{
    public static void Check(List<Finding> findings, ExpenseLine line, string path, string currency, int? decimals, DateOnly today)
    {
        var id = line.LineId;
        if (line.GrossAmount <= 0)
        {
            findings.Add(new(PolicyCodes.NonPositiveAmount, Invariant($"Line '{id}' gross amount is {line.GrossAmount} {currency}; it must be greater than zero (credits are not expense lines)."), path + "/grossAmount"));
        }

        if (line.TaxAmount < 0)
        {
            findings.Add(new(PolicyCodes.NegativeTax, Invariant($"Line '{id}' tax amount is {line.TaxAmount} {currency}; it may not be negative."), path + "/taxAmount"));
        }
        else if (line.GrossAmount > 0 && line.TaxAmount > line.GrossAmount)
        {
            findings.Add(new(PolicyCodes.TaxExceedsGross, Invariant($"Line '{id}' tax {line.TaxAmount} {currency} is more than its gross amount {line.GrossAmount} {currency}."), path + "/taxAmount"));
        }

        if (line.NetAmount + line.TaxAmount != line.GrossAmount)
        {
            findings.Add(new(
                PolicyCodes.NetPlusTaxMismatch,
                Invariant($"Line '{id}' net {line.NetAmount} + tax {line.TaxAmount} = {line.NetAmount + line.TaxAmount} {currency}, not the gross {line.GrossAmount} {currency}."),
                path + "/netAmount"));
        }

        CheckDecimals(findings, line.GrossAmount, decimals, currency, path + "/grossAmount");
        CheckDecimals(findings, line.TaxAmount, decimals, currency, path + "/taxAmount");
        CheckDecimals(findings, line.NetAmount, decimals, currency, path + "/netAmount");
        CheckOriginal(findings, line, path);

        if (line.TransactionDate > today)
        {
            findings.Add(new(PolicyCodes.FutureDate, Invariant($"Line '{id}' transaction date {line.TransactionDate:yyyy-MM-dd} is after today ({today:yyyy-MM-dd})."), path + "/transactionDate"));
        }
    }

    /// <summary>Flags an amount with more decimals than the currency has; skipped when the currency is unknown (reported once already).</summary>
    public static void CheckDecimals(List<Finding> findings, decimal amount, int? decimals, string currency, string path)
    {
        if (decimals is { } units && !Currencies.FitsMinorUnits(amount, units))
        {
            findings.Add(new(PolicyCodes.TooManyDecimals, Invariant($"{amount} {currency} has more decimals than {currency} allows ({units})."), path));
        }
    }

    private static void CheckOriginal(List<Finding> findings, ExpenseLine line, string path)
    {
        if (line.Original is not { } original)
        {
            return;
        }

        var originalPath = path + "/original";
        if (Currencies.TryGetMinorUnits(original.Currency, out var units))
        {
            CheckDecimals(findings, original.Amount, units, original.Currency, originalPath + "/amount");
        }
        else
        {
            findings.Add(new(PolicyCodes.UnknownCurrency, $"Line '{line.LineId}' original currency '{original.Currency}' is not an active ISO 4217 code.", originalPath + "/currency"));
        }

        if (original.Amount <= 0)
        {
            findings.Add(new(PolicyCodes.NonPositiveAmount, Invariant($"Line '{line.LineId}' original amount is {original.Amount} {original.Currency}; it must be greater than zero."), originalPath + "/amount"));
        }
    }
}
