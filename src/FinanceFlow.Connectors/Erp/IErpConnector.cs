using FinanceFlow.Core.Journal;

namespace FinanceFlow.Connectors.Erp;

/// <summary>The ERP's answer to a posting it understood.</summary>
/// <param name="Accepted">False for a business rejection, with <paramref name="Reason"/> in the ERP's words.</param>
/// <param name="Confirmation">What the ERP confirmed (document number, fiscal year, posting date, link), where it says more than the number.</param>
/// <param name="Warnings">Things that went wrong after the posting and did not undo it (e.g. a receipt that could not be attached).</param>
public sealed record ErpPostingResult(bool Accepted, string? DocumentNumber, string? Reason, ErpConfirmation? Confirmation = null, IReadOnlyList<string>? Warnings = null)
{
    /// <summary>A business rejection (validation, closed period, unknown account, duplicate, refused credentials) in the ERP's words and code.</summary>
    public static ErpPostingResult Rejected(string erp, string? code, string message) =>
        new(false, null, code is null ? $"{erp} refused the posting: {message}" : $"{erp} refused the posting ({code}): {message}");
}

/// <summary>What the ERP holds under an external reference.</summary>
/// <param name="DocumentNumber">The ERP's document; null when the read found none.</param>
/// <param name="Copies">How many transactions carry the reference (more than one is a duplicate for the reconciliation).</param>
/// <param name="Differences">How the found document's books differ from the journal (date, entity, accounts, amounts, currency, cost objects); empty when the same.</param>
/// <param name="Authoritative">True when the read came from the ERP's own records, so "none found" means it is not there.</param>
public sealed record ErpDocumentLookup(string? DocumentNumber, int Copies, IReadOnlyList<string> Differences, bool Authoritative)
{
    public bool Found => DocumentNumber is not null;

    public static ErpDocumentLookup NotFound(bool authoritative) => new(null, 0, [], authoritative);
}

/// <summary>Posts balanced journals to one ERP and looks them up by our external reference.</summary>
public interface IErpConnector
{
    /// <summary>Short name recorded with each posting, e.g. <c>hledger</c>.</summary>
    string Name { get; }

    /// <summary>
    /// True when <see cref="FindDocumentAsync"/> reads the ERP's own records (for hledger: the CLI on the journal file), so a miss
    /// proves the journal is absent and a send whose answer was lost can be settled and sent again. False: such a posting waits
    /// as in doubt for the reconciliation or a person.
    /// </summary>
    bool HasAuthoritativeLookup { get; }

    /// <summary>Sends one entry.</summary>
    /// <exception cref="ErpUnavailableException">Certainly not written: the ERP could not be reached before sending, or said it wrote nothing.</exception>
    /// <exception cref="ErpOutcomeUnknownException">Sent, and the answer never came (timeout, reset, 5xx): it may be written.</exception>
    Task<ErpPostingResult> PostAsync(JournalEntry entry, CancellationToken cancellationToken);

    /// <summary>What the ERP holds under the entry's external reference, compared with the entry's books.</summary>
    /// <exception cref="ErpUnavailableException">The ERP could not be read.</exception>
    Task<ErpDocumentLookup> FindDocumentAsync(JournalEntry entry, CancellationToken cancellationToken);
}
