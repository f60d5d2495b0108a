using FinanceFlow.Core.Model;
using static System.FormattableString;

namespace FinanceFlow.Core.Policy;

/// <summary>Rules on one line's own amounts, foreign amount and date.</summary>
internal static class LineRules
{
    public static void Check(List<Finding> findings, ExpenseLine line, string path, string currency, int? decimals, DateOnly today)
    {
        var id = line.LineId;

        // A negative line is a credit (a refund, a returned ticket) inside a report; zero is never meaningful.
        if (line.GrossAmount == 0)
        {
            findings.Add(new(PolicyCodes.ZeroAmount, Invariant($"Line '{id}' gross amount is zero; remove the line or give its amount (negative for a credit)."), path + "/grossAmount"));
        }

        if (OppositeSigns(line.TaxAmount, line.GrossAmount))
        {
            findings.Add(new(PolicyCodes.NegativeTax, Invariant($"Line '{id}' tax amount {line.TaxAmount} {currency} has the opposite sign of its gross amount {line.GrossAmount} {currency}."), path + "/taxAmount"));
        }
        else if (Math.Abs(line.TaxAmount) > Math.Abs(line.GrossAmount))
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

    /// <summary>True when both are non-zero and point different ways.</summary>
    public static bool OppositeSigns(decimal a, decimal b) => Math.Sign(a) * Math.Sign(b) < 0;

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

        if (original.Amount == 0 || OppositeSigns(original.Amount, line.GrossAmount))
        {
            findings.Add(new(PolicyCodes.SignMismatch, Invariant($"Line '{line.LineId}' original amount is {original.Amount} {original.Currency}; it must be non-zero with the sign of the gross amount {line.GrossAmount}."), originalPath + "/amount"));
        }
    }
}
