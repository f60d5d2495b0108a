using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.Cards;

/// <summary>One card issuer's statement batch for one legal entity, as the card feed sends it.</summary>
/// <param name="CardProgram">The issuer and program, e.g. <c>AMEX Corporate</c>.</param>
/// <param name="Currency">The billing currency every amount is in.</param>
public sealed record CardBatch(
    string BatchId,
    string LegalEntity,
    string CardProgram,
    DateOnly StatementDate,
    string Currency,
    IReadOnlyList<CardTransaction> Transactions)
{
    /// <summary>The key of the batch's status row and audit trail: <c>cards/{entity}:{batchId}</c>.</summary>
    public ReportKey Key => KeyOf(LegalEntity, BatchId);

    /// <summary>The card spend the batch books: the sum of its transactions (refunds negative).</summary>
    public decimal Total => Transactions.Sum(t => t.Amount);

    /// <summary>The audit and status key of a batch.</summary>
    public static ReportKey KeyOf(string legalEntity, string batchId) => new(SourceNames.Cards, $"{legalEntity}:{batchId}");
}

/// <summary>One card transaction: what the card holder spent (negative: a refund), in the batch currency.</summary>
public sealed record CardTransaction(string TransactionId, string EmployeeId, DateOnly PostedDate, string? Merchant, decimal Amount);
