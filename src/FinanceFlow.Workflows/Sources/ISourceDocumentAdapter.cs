using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Workflows.Sources;

/// <summary>What a source document says once read: the canonical report, the journal when the source carries its own accounting, and what is wrong with it.</summary>
/// <param name="Journal">Set when the source's own journal data decides the posting (Concur); null when the canonical posting rules apply.</param>
/// <param name="Errors">Shape errors (JSON pointers into the document): nothing could be read.</param>
public sealed record SourceDocumentResult(ExpenseReport? Report, JournalEntry? Journal, IReadOnlyList<Finding> Findings, IReadOnlyList<FieldError> Errors)
{
    public static SourceDocumentResult Invalid(IReadOnlyList<FieldError> errors) => new(null, null, [], errors);
}

/// <summary>Reads one kind of source document (canonical JSON, a Concur financial document, an Expensify report).</summary>
public interface ISourceDocumentAdapter
{
    /// <summary>The source name used in routes and keys, e.g. <c>concur</c>.</summary>
    string Source { get; }

    SourceDocumentResult Read(ReadOnlyMemory<byte> document);
}
