using FinanceFlow.Core.Model;

namespace FinanceFlow.Infrastructure.Payments;

/// <summary>Whether the source was told of a payment yet.</summary>
public enum PaymentState
{
    /// <summary>Reserved against the report's balance; the source is being told.</summary>
    Pending,

    /// <summary>The source confirmed it; it counts as paid.</summary>
    Confirmed,
}

/// <summary>One payment of a report, keyed by the ERP's payment reference.</summary>
/// <param name="Fingerprint">SHA-256 of reference, amount and currency: tells a repeat from a reused reference.</param>
public sealed record PaymentRecord(
    ReportKey Report,
    string PaymentReference,
    decimal Amount,
    string Currency,
    string Fingerprint,
    PaymentState State,
    DateTimeOffset ReservedAt,
    DateTimeOffset? ConfirmedAt);

/// <summary>What a report has been paid: confirmed, and reserved by payments whose source is being told.</summary>
public sealed record PaymentBalance(decimal Confirmed, decimal Reserved)
{
    /// <summary>Confirmed and reserved together: what the report counts as paid once every payment in flight is confirmed.</summary>
    public decimal Committed => Confirmed + Reserved;
}

/// <summary>What <see cref="IPaymentStore.ReserveAsync"/> found.</summary>
public enum ReservationOutcome
{
    /// <summary>New: reserved; tell the source, then confirm (or release).</summary>
    Reserved,

    /// <summary>The same payment again, already confirmed: do not tell the source twice.</summary>
    AlreadyConfirmed,

    /// <summary>The same payment, pending since a request that has not finished (or crashed): see <see cref="PaymentRecord.ReservedAt"/>.</summary>
    Pending,

    /// <summary>The reference was used for another amount or currency.</summary>
    ReferenceReused,

    /// <summary>The amount is more than the report still owes, counting payments in flight.</summary>
    OverPaid,
}

/// <summary>The result of reserving a payment; <see cref="Balance"/> is the report's balance after it (or as found).</summary>
public sealed record PaymentReservation(ReservationOutcome Outcome, PaymentRecord? Existing, PaymentBalance Balance);

/// <summary>
/// Table <c>Payments</c>: one row per payment reference of a report and one balance row, in one partition per report, each change
/// a table transaction on both rows' ETags, so two payments recorded at the same moment both count and neither over-pays.
/// </summary>
public interface IPaymentStore
{
    /// <summary>
    /// Writes the payment as pending and reserves its amount, unless its reference is known or the report would be over-paid.
    /// <paramref name="paidBefore"/> seeds the balance of a report paid before payments were kept per reference.
    /// </summary>
    Task<PaymentReservation> ReserveAsync(PaymentRecord payment, decimal total, decimal paidBefore, CancellationToken cancellationToken);

    /// <summary>Marks a pending payment confirmed and moves its amount from reserved to confirmed; the balance after.</summary>
    Task<PaymentBalance> ConfirmAsync(ReportKey report, string paymentReference, DateTimeOffset confirmedAt, CancellationToken cancellationToken);

    /// <summary>Removes a pending payment the source refused and releases its amount.</summary>
    Task ReleaseAsync(ReportKey report, string paymentReference, CancellationToken cancellationToken);

    /// <summary>Every payment of a report, oldest first.</summary>
    Task<IReadOnlyList<PaymentRecord>> ListAsync(ReportKey report, CancellationToken cancellationToken);
}
