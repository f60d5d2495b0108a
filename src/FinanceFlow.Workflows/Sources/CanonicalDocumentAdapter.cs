using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Workflows.Sources;

/// <summary>The canonical JSON report, validated against docs/schemas/canonical-expense-report.schema.json.</summary>
public sealed class CanonicalDocumentAdapter : ISourceDocumentAdapter
{
    public string Source => SourceNames.Canonical;

    public SourceDocumentResult Read(ReadOnlyMemory<byte> document)
    {
        var parsed = CanonicalReportParser.Parse(document, SourceNames.Canonical);
        return parsed.Report is { } report ? new SourceDocumentResult(report, null, [], []) : SourceDocumentResult.Invalid(parsed.Errors);
    }
}
