namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>One document of the FIS document list (<c>content[]</c> of Get Financial Transactions).</summary>
/// <param name="Id">The FIS document id, the one acknowledged and confirmed.</param>
/// <param name="DocType"><c>expense</c>, <c>cashadvance</c>…: the item's <c>docType</c>, or the type listed.</param>
/// <param name="DocStatus">Concur's <c>docStatus</c> (<c>READY</c> for a document not yet acknowledged); null when absent.</param>
/// <param name="DocId">
/// What an event's <c>facts.documentId</c> and the <c>docId</c> query carry for it: the report id of an expense, the cash advance id of a
/// cash advance; null when the document names none readably.
/// </param>
/// <param name="Item">The list item as Concur sent it (UTF-8 JSON), which the document parser reads as a single resource.</param>
public sealed record ConcurListedDocument(string Id, string DocType, string? DocStatus, string? DocId, ReadOnlyMemory<byte> Item);

/// <summary>What one walk of the FIS document list read.</summary>
/// <param name="Pages">Pages fetched.</param>
/// <param name="Complete">False when the walk stopped at <c>ListMaxPages</c> or at a page seen before, with a <c>next</c> link left.</param>
public sealed record ConcurDocumentList(string DocType, IReadOnlyList<ConcurListedDocument> Documents, int Pages, bool Complete);
