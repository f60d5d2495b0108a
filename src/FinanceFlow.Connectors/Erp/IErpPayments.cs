namespace FinanceFlow.Connectors.Erp;

/// <summary>A ledger whose payments of FinanceFlow's documents can be read back, for the scheduled payment sync.</summary>
/// <remarks>A ledger without it (no readable payment status) is paid through the manual payment route instead.</remarks>
public interface IErpPayments
{
    /// <summary>False when this ledger's settings give it no readable payment status (e.g. Business Central in journal mode).</summary>
    bool HasPaymentStatus { get; }

    /// <summary>
    /// The payments booked on or after <paramref name="since"/> that name one of FinanceFlow's references, and what names a
    /// reference but cannot be read as a payment (so finance sees it instead of it being skipped in silence).
    /// </summary>
    /// <exception cref="ErpUnavailableException">The ledger could not be read.</exception>
    Task<ErpPaymentRead> ListPaymentsAsync(DateOnly since, CancellationToken cancellationToken);
}

/// <summary>One payment of one of FinanceFlow's documents, as the ERP booked it.</summary>
/// <param name="PaymentId">The ERP's own id of the payment, the same on every read: the payment reference the sync records once.</param>
/// <param name="Reference">Our external reference of the document paid (<c>FF-…</c>).</param>
/// <param name="Amount">What this payment paid of the document, in <paramref name="Currency"/> (ISO 4217).</param>
public sealed record ErpPayment(string PaymentId, string Reference, DateOnly PaidOn, decimal Amount, string Currency);

/// <summary>What a payment read found: the payments, and one sentence per booking that names a reference but is not a readable payment.</summary>
public sealed record ErpPaymentRead(IReadOnlyList<ErpPayment> Payments, IReadOnlyList<string> Problems);
