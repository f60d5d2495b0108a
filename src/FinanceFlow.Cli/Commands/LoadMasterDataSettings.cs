using FinanceFlow.Cli.Http;
using FinanceFlow.Core.Security;

namespace FinanceFlow.Cli.Commands;

/// <summary>Options of <c>load-masterdata</c>. It PUTs as MasterData and reads the current mappings as a Reader.</summary>
/// <param name="Access">The token (and, for an Azure Functions host, the function key) sent with every call.</param>
/// <param name="MappingsOnly"><c>--mappings-only</c>: the host syncs master data itself (<c>FinanceFlow:MasterData:SyncFile</c>); only mappings are loaded.</param>
/// <param name="Approver">The second principal that approves each proposed mapping change (<c>--approver</c>, <c>--approver-token</c>); null leaves them pending.</param>
public sealed record LoadMasterDataSettings(Uri BaseUrl, string Directory, string SourceSystem, HostAccess Access, bool MappingsOnly = false, HostAccess? Approver = null)
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
        var access = AccessOptions.Read(options, "load-masterdata", TimeSpan.FromHours(1), FinanceFlowRoles.MasterData, FinanceFlowRoles.Reader);
        var approver = AccessOptions.ReadApprover(options, "load-masterdata", TimeSpan.FromHours(1), FinanceFlowRoles.MasterData);
        var mappingsOnly = options.Flag("mappings-only");
        options.RejectUnknown();
        var required = mappingsOnly ? LoadMasterDataCommand.MappingsFile : LoadMasterDataCommand.MasterDataFile;
        if (!File.Exists(Path.Combine(directory, required)))
        {
            throw new UsageException($"'{directory}' has no {required}.");
        }

        return new LoadMasterDataSettings(baseUrl, directory, sourceSystem, access, mappingsOnly, approver);
    }
}
