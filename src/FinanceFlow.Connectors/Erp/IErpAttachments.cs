using FinanceFlow.Core.Journal;

namespace FinanceFlow.Connectors.Erp;

/// <summary>An ERP that takes receipts on the document a posting created.</summary>
public interface IErpAttachments
{
    /// <summary>
    /// False when this ledger's documents take no files as configured: the pipeline then
    /// attaches nothing and raises no warning; the receipts stay with the report in FinanceFlow.
    /// </summary>
    bool TakesFiles => true;

    /// <summary>Whether the document <paramref name="entry"/> is posted as takes files (Business Central: a purchase invoice does, a journal does not).</summary>
    bool TakesFilesFor(JournalEntry entry) => TakesFiles;

    /// <summary>Attaches one file to the posted document; attaching the same file name again is a no-op, not a second copy.</summary>
    /// <exception cref="ErpUnavailableException">The ERP could not be reached; worth retrying.</exception>
    /// <exception cref="ErpAttachmentRejectedException">The ERP refused the file (size, type, the document is gone).</exception>
    Task AttachAsync(ErpConfirmation document, string fileName, string contentType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);
}

/// <summary>The ERP refused a receipt; the posting stands, and the report carries a warning.</summary>
public sealed class ErpAttachmentRejectedException : Exception
{
    public ErpAttachmentRejectedException()
    {
    }

    public ErpAttachmentRejectedException(string message)
        : base(message)
    {
    }

    public ErpAttachmentRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
