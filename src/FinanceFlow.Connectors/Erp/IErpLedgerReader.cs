using FinanceFlow.Core.Reconciliation;

namespace FinanceFlow.Connectors.Erp;

/// <summary>Reads back what a ledger holds of FinanceFlow's postings, for the reconciliation.</summary>
public interface IErpLedgerReader
{
    /// <summary>Every transaction in the ledger whose code is an <c>FF-</c> reference, duplicates included.</summary>
    /// <exception cref="ErpUnavailableException">The ledger could not be read.</exception>
    Task<IReadOnlyList<ErpLedgerTransaction>> ListFinanceFlowTransactionsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The transactions with an <c>FF-</c> reference dated in <paramref name="window"/>, read with the ERP's own date filter (and its
    /// paging) where it has one, so a nightly run reads the days that changed, not the ledger's history. Each names its employee where
    /// the ERP holds FinanceFlow's marker, and where the window's query can find them, the window's transactions that lost the
    /// reference but carry the marker come too (under what is left of their code), for the three-way fallback match.
    /// </summary>
    /// <exception cref="ErpUnavailableException">The ledger could not be read.</exception>
    Task<IReadOnlyList<ErpLedgerTransaction>> ListFinanceFlowTransactionsAsync(LedgerWindow window, CancellationToken cancellationToken);

    /// <summary>True when the list comes from the ledger's own records, so a reference missing from it is not in the ledger.</summary>
    bool HasAuthoritativeLookup { get; }
}

/// <summary>One ERP ledger to reconcile: the names that post to it (several names may share one endpoint) and its reader.</summary>
/// <param name="Names">The ledger names routed to this endpoint; <see cref="DefaultName"/> for the default ledger.</param>
public sealed record ErpLedger(IReadOnlyList<string> Names, IErpLedgerReader Reader)
{
    /// <summary>How the default ledger (no ledger name) is named in reconciliation results.</summary>
    public const string DefaultName = "(default)";

    public string DisplayName => string.Join(", ", Names);
}
