using System.ComponentModel.DataAnnotations;
using System.Text;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.Posting;

/// <summary>Which ledger account each journal role posts to (<c>FinanceFlow:Accounts</c>), as hledger-style templates.</summary>
/// <remarks>
/// Templates may contain <c>{expenseType}</c> and <c>{employee}</c>. The values put in are slugged (lowercase,
/// spaces to '-', anything but letters, digits, '-', '_' and '.' dropped) so a source value can never add an
/// account level (':') or end an hledger account name (two spaces).
/// </remarks>
public sealed class AccountMap : IAccountResolver
{
    public const string SectionName = "FinanceFlow:Accounts";

    private const string ExpenseTypePlaceholder = "{expenseType}";
    private const string EmployeePlaceholder = "{employee}";

    [Required]
    public string Expense { get; init; } = "expenses:{expenseType}";

    [Required]
    public string InputTax { get; init; } = "assets:vat:input";

    [Required]
    public string EmployeePayable { get; init; } = "liabilities:employees:{employee}";

    [Required]
    public string CardPayable { get; init; } = "liabilities:card";

    [Required]
    public string CardClearing { get; init; } = "assets:card-clearing";

    [Required]
    public string CashAdvanceClearing { get; init; } = "assets:cash-advances:{employee}";

    [Required]
    public string Rounding { get; init; } = "expenses:fx-rounding";

    /// <summary>Expense type (as the source names it, any case) → account, overriding <see cref="Expense"/>, e.g. Meals → expenses:meals.</summary>
    public Dictionary<string, string> ExpenseTypes { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The account for a role, with placeholders filled in.</summary>
    public string Resolve(AccountRole role, string? expenseType, string employeeId)
    {
        var template = role switch
        {
            AccountRole.Expense when FindExpenseTypeAccount(expenseType) is { } mapped => mapped,
            AccountRole.Expense => Expense,
            AccountRole.InputTax => InputTax,
            AccountRole.EmployeePayable => EmployeePayable,
            AccountRole.CardPayable => CardPayable,
            AccountRole.CardClearing => CardClearing,
            AccountRole.CashAdvanceClearing => CashAdvanceClearing,
            AccountRole.Rounding => Rounding,
            _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown account role."),
        };

        return template
            .Replace(ExpenseTypePlaceholder, Slug(expenseType), StringComparison.Ordinal)
            .Replace(EmployeePlaceholder, Slug(employeeId), StringComparison.Ordinal);
    }

    /// <inheritdoc />
    string IAccountResolver.Resolve(AccountRole role, ExpenseLine? line, string employeeId) => Resolve(role, line?.ExpenseType, employeeId);

    // Configuration binding may replace the dictionary (and its comparer), so match case-insensitively here too.
    private string? FindExpenseTypeAccount(string? expenseType) =>
        expenseType is null ? null
        : ExpenseTypes.TryGetValue(expenseType, out var account) ? account
        : ExpenseTypes.FirstOrDefault(kv => string.Equals(kv.Key, expenseType, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>A value made safe for one level of an account name; "unknown" when nothing is left.</summary>
    public static string Slug(string? value)
    {
        var slug = new StringBuilder(value?.Length ?? 0);
        foreach (var c in (value ?? "").Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                slug.Append('-');
            }
            else if (char.IsLetterOrDigit(c) || c is '-' or '_' or '.')
            {
                slug.Append(char.ToLowerInvariant(c));
            }
        }

        return slug.Length == 0 ? "unknown" : slug.ToString();
    }
}
