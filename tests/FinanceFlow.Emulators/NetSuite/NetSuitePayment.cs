namespace FinanceFlow.Emulators.NetSuite;

/// <summary>
/// A payment the NetSuite emulator holds (a bill payment, <c>VendPymt</c>): what it applied to which of the account's transactions,
/// as SuiteQL's <c>NextTransactionLineLink</c> rows of link type <c>Payment</c> give it back.
/// </summary>
public sealed class NetSuitePayment
{
    public required string Id { get; init; }

    public required string TranId { get; init; }

    public DateOnly TranDate { get; init; }

    /// <summary>A voided payment pays nothing (SuiteQL's <c>transaction.voided</c> = <c>T</c>).</summary>
    public bool Voided { get; set; }

    public List<NetSuiteApplied> Applied { get; } = [];
}

/// <summary>One link of a payment: the transaction paid (internal id) and the line of it the payment applied to, with the amount in the transaction's currency.</summary>
public sealed record NetSuiteApplied(string TransactionId, int Line, decimal Amount);
