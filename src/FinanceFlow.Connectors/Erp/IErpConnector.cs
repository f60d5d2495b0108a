using FinanceFlow.Core.Journal;

namespace FinanceFlow.Connectors.Erp;

/// <summary>The ERP's answer to a posting it understood.</summary>
/// <param name="Accepted">False for a business rejection, with <paramref name="Reason"/> in the ERP's words.</param>
public sealed record ErpPostingResult(bool Accepted, string? DocumentNumber, string? Reason);

/// <summary>Posts balanced journals to one ERP and looks them up by our external reference.</summary>
public interface IErpConnector
{
    /// <summary>Short name recorded with each posting, e.g. <c>hledger</c>.</summary>
    string Name { get; }

    /// <summary>Sends one entry. Throws <see cref="ErpUnavailableException"/> when the ERP could not be reached or answered with a transient fault.</summary>
    Task<ErpPostingResult> PostAsync(JournalEntry entry, CancellationToken cancellationToken);

    /// <summary>The ERP's document number for an entry posted under this reference, or null when the ledger has none.</summary>
    Task<string?> FindDocumentAsync(string externalReference, CancellationToken cancellationToken);
}
