using FinanceFlow.Core.Model;

namespace FinanceFlow.Workflows.Intake;

/// <summary>A Concur document to take: the key its intake audit rows carry, its FIS type, where to fetch it, and what announced it (for logs and audit details).</summary>
/// <param name="Key">The source and the id the announcement names (an event's <c>facts.documentId</c>: the report or cash advance id).</param>
/// <param name="Announcement">E.g. <c>event 3f…</c>, <c>poll of expense document e7f8…</c>.</param>
public sealed record ConcurDocumentNotice(ReportKey Key, string DocType, Uri Href, string Announcement);

/// <summary>The answer to a document taken before: Concur no longer offers it and FinanceFlow holds it (<c>{"duplicate": id}</c>).</summary>
public sealed record ConcurDocumentDuplicate(string Duplicate);

/// <summary>The answer to a document that can never be posted (a Rejected status row is written); shaped like a problem detail.</summary>
public sealed record ConcurDocumentRejected(string Type, string Title, string Detail, string DocumentId);
