namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>The posting result of one document sent to Concur: success with the ERP documents, or error with messages for Concur's audit trail.</summary>
public sealed record ConcurPostingConfirmation(
    string DocumentId, bool Succeeded, IReadOnlyList<ConcurPostingDocument> PostingDocuments, IReadOnlyList<ConcurSystemMessage> SystemMessages)
{
    /// <summary>Posted: <c>overallPostingStatusCode</c> <c>success</c> with the ERP documents.</summary>
    public static ConcurPostingConfirmation Success(string documentId, params IReadOnlyList<ConcurPostingDocument> postingDocuments) =>
        new(documentId, true, postingDocuments, []);

    /// <summary>Not posted: <c>overallPostingStatusCode</c> <c>error</c> with the reasons.</summary>
    public static ConcurPostingConfirmation Error(string documentId, params IReadOnlyList<ConcurSystemMessage> systemMessages) =>
        new(documentId, false, [], systemMessages);
}

/// <summary>One ERP document the report was posted as (<c>postingDocs[]</c>).</summary>
public sealed record ConcurPostingDocument(string CompanyId, string DocumentNumber, int FiscalYear, DateOnly PostingDate);

/// <summary>A message shown on the report's audit trail in Concur (<c>systemMessages[]</c>).</summary>
public sealed record ConcurSystemMessage(
    string MessageId, string MessageShortText, string MessageLanguage = "EN", string MessageLongText = "", string ConcurTransactionLineItemId = "");
