using System.Text;
using FinanceFlow.Connectors.Expensify;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Workflows.Sources;

/// <summary>One Expensify report as our export template emits it; amounts in cents.</summary>
public sealed class ExpensifyDocumentAdapter(ExpensifyReportMapper mapper) : ISourceDocumentAdapter
{
    public string Source => SourceNames.Expensify;

    public SourceDocumentResult Read(ReadOnlyMemory<byte> document)
    {
        if (BoundedJson.Check(document.Span) is { Count: > 0 } unreadable)
        {
            return SourceDocumentResult.Invalid(unreadable);
        }

        ExpensifyReport report;
        try
        {
            report = ExpensifyExportReader.ReadReport(Encoding.UTF8.GetString(document.Span));
        }
        catch (ExpensifyRequestException ex)
        {
            return SourceDocumentResult.Invalid([new FieldError(string.Empty, ex.Message)]);
        }

        var mapped = mapper.Map(report);
        return mapped.Report is null && mapped.Findings.Count == 0
            ? SourceDocumentResult.Invalid([new FieldError(string.Empty, "The Expensify report could not be mapped.")])
            : new SourceDocumentResult(mapped.Report, null, mapped.Findings, []);
    }
}
