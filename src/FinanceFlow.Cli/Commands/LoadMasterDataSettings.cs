namespace FinanceFlow.Cli.Commands;

/// <summary>Options of <c>load-masterdata</c>.</summary>
/// <param name="FunctionKey">The function key for an Azure Functions host (<c>--key</c>, or <c>FINANCEFLOW_FUNCTION_KEY</c>); null for the self-host.</param>
/// <param name="MappingsOnly"><c>--mappings-only</c>: the host syncs master data itself (<c>FinanceFlow:MasterData:SyncFile</c>); only mappings are loaded.</param>
public sealed record LoadMasterDataSettings(Uri BaseUrl, string Directory, string SourceSystem, string Actor, string? FunctionKey, bool MappingsOnly = false)
{
    public static LoadMasterDataSettings From(CommandLineOptions options)
    {
        var url = options.RequiredString("url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--url must be an absolute http(s) URL, not '{url}'.");
        }

        var directory = options.String("dir") ?? "samples/masterdata";
        var sourceSystem = options.String("source-system") ?? "masterdata-file";
        var actor = options.String("actor") ?? Environment.UserName + " (financeflow load-masterdata)";
        var key = options.String("key") ?? Environment.GetEnvironmentVariable("FINANCEFLOW_FUNCTION_KEY");
        var mappingsOnly = options.Flag("mappings-only");
        options.RejectUnknown();
        var required = mappingsOnly ? LoadMasterDataCommand.MappingsFile : LoadMasterDataCommand.MasterDataFile;
        if (!File.Exists(Path.Combine(directory, required)))
        {
            throw new UsageException($"'{directory}' has no {required}.");
        }

        return new LoadMasterDataSettings(baseUrl, directory, sourceSystem, actor, string.IsNullOrWhiteSpace(key) ? null : key, mappingsOnly);
    }
}
