using FinanceFlow.Connectors.Concur;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Sources;

/// <summary>A Concur Financial Integration Service document; its own journal data decides the posting.</summary>
public sealed class ConcurDocumentAdapter(IOptionsMonitor<ConcurPostingOptions> concur, IOptionsMonitor<AccountMap> accounts, TimeProvider time) : ISourceDocumentAdapter
{
    public string Source => SourceNames.Concur;

    public SourceDocumentResult Read(ReadOnlyMemory<byte> document) => Read(ConcurDocumentParser.Parse(document));

    /// <summary>The same, for a document the caller has parsed already.</summary>
    public SourceDocumentResult Read(ConcurParseResult parsed)
    {
        if (parsed.Document is not { } financialDocument)
        {
            return SourceDocumentResult.Invalid(parsed.Errors);
        }

        var options = concur.CurrentValue;
        var report = financialDocument.Expense is null ? ConcurCashAdvanceMapper.Map(financialDocument, options) : ConcurExpenseMapper.Map(financialDocument, options);
        var accountingDate = ConcurPostingRules.AccountingDateOf(financialDocument)
            ?? (financialDocument.Expense is null ? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime) : JournalActivities.AccountingDateOf(report));
        var journal = ConcurPostingRules.BuildJournal(financialDocument, accounts.CurrentValue, options, accountingDate);
        return new SourceDocumentResult(report, journal, [], []);
    }
}
