namespace FinanceFlow.Workflows.PaymentSync;

/// <summary>What one payment-sync run did, over every ledger.</summary>
/// <param name="Read">Payments the ledgers hold in the window.</param>
/// <param name="Applied">Recorded on their report now: the source told, the <c>paid</c> event published.</param>
/// <param name="AlreadyApplied">Recorded by an earlier run (or the payment route): nothing done.</param>
/// <param name="Unmatched">Naming a reference of no posted report.</param>
/// <param name="Refused">Matched, but not recorded (over the balance, another currency, the source refused or was down): retried next run.</param>
/// <param name="Unreadable">Bookings that name a reference but are not readable payments.</param>
/// <param name="LedgersUnavailable">Ledgers that could not be read this run.</param>
/// <param name="LedgersWithoutPaymentStatus">Ledgers whose connector has no payment read: paid through the payment route.</param>
public sealed record PaymentSyncSummary(
    int Read, int Applied, int AlreadyApplied, int Unmatched, int Refused, int Unreadable, int LedgersUnavailable, int LedgersWithoutPaymentStatus)
{
    public static PaymentSyncSummary Disabled { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);
}
