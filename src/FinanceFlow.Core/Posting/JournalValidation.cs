using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Policy;
using static System.FormattableString;

namespace FinanceFlow.Core.Posting;

/// <summary>Last check before a journal leaves FinanceFlow: the ERP (hledger-web) would accept an unbalanced one.</summary>
public static class JournalValidation
{
    /// <summary>Findings with JSON pointers into the entry (<c>/lines/2/debit</c>); empty when the entry may be posted.</summary>
    public static IReadOnlyList<Finding> Validate(JournalEntry entry)
    {
        var findings = new List<Finding>();
        var known = Currencies.TryGetMinorUnits(entry.Currency, out var units);
        if (!known)
        {
            findings.Add(new(PolicyCodes.UnknownCurrency, $"Journal currency '{entry.Currency}' is not an active ISO 4217 code.", "/currency"));
        }

        if (entry.Lines.Count < 2)
        {
            findings.Add(new(PolicyCodes.JournalTooFewLines, Invariant($"A journal needs at least two lines; this one has {entry.Lines.Count}."), "/lines"));
        }

        for (var i = 0; i < entry.Lines.Count; i++)
        {
            var line = entry.Lines[i];
            var path = Invariant($"/lines/{i}");
            if (string.IsNullOrWhiteSpace(line.Account))
            {
                findings.Add(new(PolicyCodes.JournalMissingAccount, Invariant($"Journal line {i + 1} ({line.Role}) has no account."), path + "/account"));
            }

            if (line.Debit < 0 || line.Credit < 0)
            {
                findings.Add(new(PolicyCodes.JournalNegativeAmount, Invariant($"Journal line {i + 1} has debit {line.Debit} and credit {line.Credit}; neither may be negative."), path));
            }
            else if ((line.Debit > 0) == (line.Credit > 0))
            {
                findings.Add(new(PolicyCodes.JournalLineSides, Invariant($"Journal line {i + 1} has debit {line.Debit} and credit {line.Credit}; exactly one must be above zero."), path));
            }

            if (known)
            {
                CheckDecimals(findings, line.Debit, units, entry.Currency, path + "/debit");
                CheckDecimals(findings, line.Credit, units, entry.Currency, path + "/credit");
            }
        }

        if (entry.TotalDebit != entry.TotalCredit)
        {
            findings.Add(new(
                PolicyCodes.JournalUnbalanced,
                Invariant($"Debits {entry.TotalDebit} {entry.Currency} do not equal credits {entry.TotalCredit} {entry.Currency}."),
                "/lines"));
        }

        return findings;
    }

    private static void CheckDecimals(List<Finding> findings, decimal amount, int units, string currency, string path)
    {
        if (!Currencies.FitsMinorUnits(amount, units))
        {
            findings.Add(new(PolicyCodes.TooManyDecimals, Invariant($"{amount} {currency} has more decimals than {currency} allows ({units})."), path));
        }
    }
}
