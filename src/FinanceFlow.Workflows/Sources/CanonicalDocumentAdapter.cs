using FinanceFlow.Core.Intake;

namespace FinanceFlow.Workflows.Sources;

/// <summary>The canonical JSON report, validated against docs/schemas/canonical-expense-report.schema.json.</summary>
public sealed class CanonicalDocumentAdapter : ISourceDocumentAdapter
{
    public const string SourceName = "canonical";

    public string Source => SourceName;

    public SourceDocumentResult Read(ReadOnlyMemory<byte> document)
    {
        var parsed = CanonicalReportParser.Parse(document, SourceName);
        return parsed.Report is { } report ? new SourceDocumentResult(report, null, [], []) : SourceDocumentResult.Invalid(parsed.Errors);
    }
}
