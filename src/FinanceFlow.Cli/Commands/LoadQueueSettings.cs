using FinanceFlow.Cli.Http;
using FinanceFlow.Core.Security;

namespace FinanceFlow.Cli.Commands;

/// <summary>Options of <c>load-queue</c>. Storage and host must both be on this machine. It watches the reports as a Reader.</summary>
public sealed record LoadQueueSettings(Uri BaseUrl, HostAccess Access, string StorageConnection, string QueueName, int Count, int Concurrency, TimeSpan Timeout, bool Json)
{
    public const string StorageVariable = "AzureWebJobsStorage";

    public static LoadQueueSettings From(CommandLineOptions options)
    {
        var url = options.String("url") ?? "http://127.0.0.1:7071";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--url must be an absolute http(s) URL, not '{url}'.");
        }

        var count = options.Integer("count", null, 1, 100_000);
        var concurrency = options.Integer("concurrency", 16, 1, 256);
        var queue = options.String("queue") ?? "expense-intake";
        var timeout = TimeSpan.FromSeconds(options.Number("timeout", 600, 1, 86_400));
        var json = options.Flag("json");
        var access = AccessOptions.Read(options, "load-queue", timeout + TimeSpan.FromHours(1), FinanceFlowRoles.Reader);
        options.RejectUnknown();
        if (!LoadSettings.IsLoopback(baseUrl))
        {
            throw new UsageException($"load-queue only targets this machine (loopback); '{baseUrl}' is not.");
        }

        var storage = Environment.GetEnvironmentVariable(StorageVariable);
        return new LoadQueueSettings(baseUrl, access, string.IsNullOrWhiteSpace(storage) ? "UseDevelopmentStorage=true" : storage.Trim(), queue, count, concurrency, timeout, json);
    }
}
