using FinanceFlow.Core.Model;
using static FinanceFlow.Connectors.Expensify.ExpensifyReportMapper;

namespace FinanceFlow.Connectors.Expensify;

/// <summary>Maps one Expensify expense to a canonical line (in the report currency) and its receipt.</summary>
internal sealed class ExpensifyLineMapping(ExpensifyExpense expense, string pointer, string reportCurrency, List<Finding> findings)
{
    public (ExpenseLine Line, Attachment? Receipt) Build(int attachmentIndex)
    {
        var lineId = expense.TransactionId ?? string.Empty;
        Require(expense.TransactionId, "transactionID");
        Require(expense.Category, "category");
        var (gross, tax, original) = Amounts();

        var line = new ExpenseLine(
            LineId: lineId,
            ExpenseType: expense.Category ?? string.Empty,
            TransactionDate: Date(),
            Merchant: expense.ModifiedMerchant ?? expense.Merchant,
            PaymentType: PaymentType(),
            GrossAmount: gross,
            TaxAmount: tax,
            NetAmount: gross - tax,
            TaxCode: expense.TaxName,
            TaxDeductiblePercent: 100m,
            Description: expense.Comment,
            Original: original,
            Allocations: []);
        return (line, Receipt(attachmentIndex, lineId));
    }

    private (decimal Gross, decimal Tax, ForeignAmount? Original) Amounts()
    {
        var currency = expense.Currency ?? reportCurrency;
        if (!Currencies.TryGetMinorUnits(reportCurrency, out var reportMinorUnits))
        {
            // Already a finding on the report's currency; amounts cannot be scaled without it.
            return (0m, 0m, null);
        }

        if (!Currencies.TryGetMinorUnits(currency, out var minorUnits))
        {
            Error(InvalidValue, $"'{currency}' is not an ISO 4217 currency code.", "currency");
            return (0m, 0m, null);
        }

        // An edited amount replaces the original one; Expensify prints 0 or nothing when there is no edit.
        var edited = ExpensifyValues.TryCents(expense.ModifiedAmount, out var modified) && modified != 0;
        var field = edited ? "modifiedAmount" : "amount";
        long cents = modified;
        if (!edited && !Cents(expense.Amount, "amount", out cents))
        {
            return (0m, 0m, null);
        }

        var sign = cents < 0 ? -1 : 1;
        var amount = Amount(cents, minorUnits, currency, field);
        var taxCents = expense.TaxAmount is null ? 0 : Cents(expense.TaxAmount, "taxAmount", out var t) ? sign * Math.Abs(t) : 0;
        if (Math.Abs(taxCents) > Math.Abs(cents))
        {
            Error(InvalidValue, $"The tax {expense.TaxAmount} is larger than the amount {cents}.", "taxAmount");
        }

        if (string.Equals(currency, reportCurrency, StringComparison.Ordinal))
        {
            return (amount, Amount(taxCents, minorUnits, currency, "taxAmount"), null);
        }

        if (!Cents(expense.ConvertedAmount, "convertedAmount", out var converted))
        {
            return (0m, 0m, null);
        }

        var gross = Amount(sign * Math.Abs(converted), reportMinorUnits, reportCurrency, "convertedAmount");
        var rate = ExpensifyValues.TryRate(expense.CurrencyConversionRate, out var given) ? given
            : amount != 0 ? Math.Round(gross / amount, 6, MidpointRounding.AwayFromZero) : 1m;

        // Tax is printed in the expense currency; it takes the same share of the converted amount.
        var tax = cents == 0 ? 0m : Currencies.Round(gross * taxCents / cents, reportMinorUnits);
        return (gross, tax, new ForeignAmount(amount, currency, rate));
    }

    private DateOnly Date()
    {
        var field = expense.ModifiedCreated is null ? "created" : "modifiedCreated";
        var text = expense.ModifiedCreated ?? expense.Created;
        if (ExpensifyValues.TryDate(text, out var date))
        {
            return date;
        }

        Error(text is null ? MissingField : InvalidValue, $"'{text}' is not a date like 2026-11-20.", field);
        return default;
    }

    private PaymentType PaymentType()
    {
        switch (ExpensifyValues.Flag(expense.Reimbursable))
        {
            case true:
                return Core.Model.PaymentType.OutOfPocket;
            case false:
                return Core.Model.PaymentType.CompanyCard;
            default:
                // Guessing would credit the wrong payable: the employee or the card issuer.
                Error(expense.Reimbursable is null ? MissingField : InvalidValue, $"'{expense.Reimbursable}' is not true or false.", "reimbursable");
                return Core.Model.PaymentType.OutOfPocket;
        }
    }

    private Attachment? Receipt(int index, string lineId)
    {
        if (expense.ReceiptUrl is null)
        {
            return null;
        }

        if (!Uri.TryCreate(expense.ReceiptUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
        {
            findings.Add(new Finding(ReceiptNotHttps, $"The receipt '{expense.ReceiptUrl}' is not an https URL and is left out.", $"{pointer}/receiptURL", FindingSeverity.Warning));
            return null;
        }

        var fileName = expense.ReceiptFilename
            ?? (Path.GetFileName(Uri.UnescapeDataString(url.AbsolutePath)) is { Length: > 0 } last ? last : $"receipt-{lineId}");
        return new Attachment(index, fileName, ContentType(fileName), lineId, InlineContent: false, Url: url.AbsoluteUri);
    }

    private static string? ContentType(string fileName) => Path.GetExtension(fileName).ToUpperInvariant() switch
    {
        ".PDF" => "application/pdf",
        ".JPG" or ".JPEG" => "image/jpeg",
        ".PNG" => "image/png",
        ".GIF" => "image/gif",
        _ => null,
    };

    private decimal Amount(long cents, int minorUnits, string currency, string field)
    {
        if (ExpensifyValues.TryAmount(cents, minorUnits, out var amount))
        {
            return amount;
        }

        Error(AmountPrecision, $"{cents} cents is {amount} {currency}, more decimals than {currency} has ({minorUnits}).", field);
        return amount;
    }

    private bool Cents(string? text, string field, out long cents)
    {
        if (ExpensifyValues.TryCents(text, out cents))
        {
            return true;
        }

        Error(text is null ? MissingField : InvalidValue, $"'{text}' is not a whole number of cents.", field);
        return false;
    }

    private void Require(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Error(MissingField, "is required but empty.", field);
        }
    }

    private void Error(string code, string message, string field) => findings.Add(new Finding(code, message, $"{pointer}/{field}"));
}
