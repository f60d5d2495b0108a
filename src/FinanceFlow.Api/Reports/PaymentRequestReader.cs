using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Workflows;
using FinanceFlow.Workflows.Operations;

namespace FinanceFlow.Api.Reports;

/// <summary>Reads and checks a payment body, naming every bad field with a JSON pointer.</summary>
public static partial class PaymentRequestReader
{
    public const int MaxReferenceLength = 128;

    public static (ValidPayment? Payment, IReadOnlyList<ProblemFieldError> Errors) Read(byte[] body)
    {
        if (BoundedJson.Check(body) is { Count: > 0 } unreadable)
        {
            return (null, [.. unreadable.Select(e => new ProblemFieldError(e.Pointer, e.Message))]);
        }

        PaymentRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<PaymentRequest>(body, FinanceFlowJson.Options);
        }
        catch (JsonException ex)
        {
            return (null, [new ProblemFieldError(Pointer(ex.Path), $"Not valid JSON for this field: {ex.Message}")]);
        }

        if (request is null)
        {
            return (null, [new ProblemFieldError("", "A JSON object with paidAt, amount, currency and paymentReference is required.")]);
        }

        var errors = new List<ProblemFieldError>();
        var paidAt = default(DateTimeOffset);
        if (string.IsNullOrWhiteSpace(request.PaidAt))
        {
            errors.Add(new("/paidAt", "Required: when the payment was made, e.g. 2026-11-20T10:00:00Z."));
        }
        else if (!OffsetSuffix().IsMatch(request.PaidAt)
            || !DateTimeOffset.TryParse(request.PaidAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out paidAt))
        {
            errors.Add(new("/paidAt", $"'{Short(request.PaidAt)}' is not an ISO 8601 instant with an offset (Z or +hh:mm)."));
        }

        var currency = request.Currency?.Trim() ?? "";
        if (!Currencies.IsKnown(currency))
        {
            errors.Add(new("/currency", $"'{Short(request.Currency)}' is not an ISO 4217 currency code in capitals."));
        }

        if (request.Amount is not { } amount)
        {
            errors.Add(new("/amount", "Required: the amount paid."));
            amount = 0;
        }
        else if (amount <= 0)
        {
            errors.Add(new("/amount", $"The amount paid must be greater than zero, not {amount.ToString(CultureInfo.InvariantCulture)}."));
        }
        else if (Currencies.TryGetMinorUnits(currency, out var units) && !Currencies.FitsMinorUnits(amount, units))
        {
            errors.Add(new("/amount", $"{amount.ToString(CultureInfo.InvariantCulture)} has more decimals than {currency} allows ({units})."));
        }

        var reference = request.PaymentReference?.Trim() ?? "";
        if (reference.Length is 0 or > MaxReferenceLength)
        {
            errors.Add(new("/paymentReference", $"Required: the ERP's payment reference, 1 to {MaxReferenceLength} characters."));
        }

        var method = string.IsNullOrWhiteSpace(request.PaymentMethod) ? "E" : request.PaymentMethod.Trim();
        if (method is not ("E" or "C"))
        {
            errors.Add(new("/paymentMethod", $"'{Short(request.PaymentMethod)}' is not a payment method: E (transfer) or C (check)."));
        }

        var erpDocument = string.IsNullOrWhiteSpace(request.ErpDocumentNumber) ? null : request.ErpDocumentNumber.Trim();
        if (erpDocument is { Length: > MaxReferenceLength })
        {
            errors.Add(new("/erpDocumentNumber", $"The ERP document number is at most {MaxReferenceLength} characters, not {erpDocument.Length}."));
        }

        return errors.Count > 0 ? (null, errors) : (new ValidPayment(paidAt, amount, currency, reference, method, erpDocument), errors);
    }

    /// <summary>A sent value as an answer quotes it: at most 40 characters.</summary>
    private static string? Short(string? value) => value is { Length: > 40 } ? value[..37] + "..." : value;

    /// <summary><c>$.amount</c> → <c>/amount</c>.</summary>
    private static string Pointer(string? path) =>
        path is null or "$" ? "" : "/" + path.TrimStart('$', '.').Replace('.', '/');

    /// <summary>An instant without an offset would be read in the server's time zone.</summary>
    [GeneratedRegex(@"(Z|z|[+-]\d{2}:?\d{2})$")]
    private static partial Regex OffsetSuffix();
}
