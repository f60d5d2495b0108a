using System.Net;
using FinanceFlow.Cli.Http;
using FinanceFlow.Core.Security;

namespace FinanceFlow.Cli.Commands;

/// <summary>Options of <c>load</c>. Only loopback targets: load is never sent to another machine. It follows the reports as a Reader.</summary>
public sealed record LoadSettings(CommonSettings Common, HostAccess Access, int Count, double Rate, int Concurrency, TimeSpan Timeout, bool Json)
{
    public static LoadSettings From(CommandLineOptions options)
    {
        var common = CommonSettings.From(options);
        var count = options.Integer("count", null, 1, 1_000_000);
        var rate = options.Number("rate", 50, 0.1, 10_000);
        var concurrency = options.Integer("concurrency", 32, 1, 1024);
        var timeout = TimeSpan.FromSeconds(options.Number("timeout", 600, 1, 86_400));
        var json = options.Flag("json");
        var access = AccessOptions.Read(options, "load", timeout + TimeSpan.FromHours(1), FinanceFlowRoles.Reader);
        options.RejectUnknown();
        if (!IsLoopback(common.BaseUrl))
        {
            throw new UsageException($"load only targets this machine (loopback); '{common.BaseUrl}' is not.");
        }

        return new LoadSettings(common, access, count, rate, concurrency, timeout, json);
    }

    public static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
