namespace FinanceFlow.Core.Posting;

/// <summary>What a report's company-card lines naming one card transaction add up to: the amount they clear from CardClearing.</summary>
public sealed record ClearedCardAmount(string TransactionId, decimal Amount);
