namespace FinanceFlow.Cli.Commands;

/// <summary>Options of <c>send-samples</c>.</summary>
public sealed record SendSamplesSettings(CommonSettings Common, string Directory, TimeSpan Timeout)
{
    public static SendSamplesSettings From(CommandLineOptions options)
    {
        var common = CommonSettings.From(options);
        var directory = options.String("dir") ?? "samples";
        var timeout = TimeSpan.FromSeconds(options.Number("timeout", 120, 1, 3600));
        options.RejectUnknown();
        if (!System.IO.Directory.Exists(directory))
        {
            throw new UsageException($"Sample directory '{directory}' does not exist.");
        }

        return new SendSamplesSettings(common, directory, timeout);
    }
}
