using FinanceFlow.Core.Attachments;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>Stops start-up when <c>FinanceFlow:Receipts:AllowLoopback</c> is on outside Development: loopback receipts are for tests and local runs only.</summary>
public sealed class ReceiptFetchSettingsValidation(IHostEnvironment? environment) : IValidateOptions<ReceiptFetchSettings>
{
    public ValidateOptionsResult Validate(string? name, ReceiptFetchSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.AllowLoopback || environment?.IsDevelopment() == true)
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(
            $"{ReceiptFetchSettings.SectionName}:{nameof(ReceiptFetchSettings.AllowLoopback)}: loopback receipts are allowed only when the environment is Development "
            + $"(it is '{environment?.EnvironmentName ?? "unknown"}'); turn the setting off.");
    }
}
