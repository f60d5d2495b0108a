using FinanceFlow.Connectors.Expensify;
using FinanceFlow.Core.Model;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Sources;

/// <summary>Marks an Expensify report exported, with our label, once it is posted, so the next pull skips it; not before.</summary>
public sealed class ExpensifyConfirmation(ExpensifyClient client, IOptions<ExpensifyOptions> options) : ISourceConfirmation
{
    public string Source => SourceNames.Expensify;

    public async Task<string> ConfirmAsync(ReportResult result, string rawBlobName, CancellationToken cancellationToken)
    {
        if (result.Outcome != ReportOutcome.Posted)
        {
            return $"not marked exported ({result.Outcome}); the next pull brings it again";
        }

        await client.MarkAsExportedAsync([result.ReportId], options.Value.ExportLabel, cancellationToken);
        return $"marked exported as {options.Value.ExportLabel}";
    }
}
