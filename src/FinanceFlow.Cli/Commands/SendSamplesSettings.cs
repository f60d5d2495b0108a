using FinanceFlow.Cli.Http;
using FinanceFlow.Core.Security;

namespace FinanceFlow.Cli.Commands;

/// <summary>Options of <c>send-samples</c>. It follows the reports as a Reader.</summary>
public sealed record SendSamplesSettings(CommonSettings Common, HostAccess Access, string Directory, TimeSpan Timeout)
{
    public static SendSamplesSettings From(CommandLineOptions options)
    {
        var common = CommonSettings.From(options);
        var directory = options.String("dir") ?? "samples";
        var timeout = TimeSpan.FromSeconds(options.Number("timeout", 120, 1, 3600));
        var access = AccessOptions.Read(options, "send-samples", timeout + TimeSpan.FromHours(1), FinanceFlowRoles.Reader);
        options.RejectUnknown();
        if (!System.IO.Directory.Exists(directory))
        {
            throw new UsageException($"Sample directory '{directory}' does not exist.");
        }

        return new SendSamplesSettings(common, access, directory, timeout);
    }
}
