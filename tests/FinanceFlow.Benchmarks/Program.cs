using BenchmarkDotNet.Running;
using FinanceFlow.Benchmarks;
using FinanceFlow.Benchmarks.Ceiling;
using FinanceFlow.Benchmarks.ScaleOut;
using FinanceFlow.Benchmarks.StorageRequests;

if (args is ["relay-throughput", ..])
{
    await RelayThroughput.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 4);
    return;
}

if (args is ["erp-throughput", ..])
{
    await ErpThroughput.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 4);
    return;
}

if (args is ["three-way-match", ..])
{
    ThreeWayMatchLoad.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
    return;
}

if (args is ["storage-requests", .. var counterArgs])
{
    // Storage requests per posted report (issue 16): docs/benchmarks.md#storage-requests-per-posted-report-issue-16.
    Environment.ExitCode = await new StorageRequestsRun(StorageRequestsSettings.Parse(counterArgs), Console.Out).RunAsync(CancellationToken.None);
    return;
}

if (args is ["ceiling", .. var ceilingArgs])
{
    // The engine's ceiling beside the pipeline (issue 16): docs/benchmarks.md#engine-ceiling-side-by-side-issue-16.
    Environment.ExitCode = await new CeilingRun(CeilingSettings.Parse(ceilingArgs), Console.Out).RunAsync(CancellationToken.None);
    return;
}

if (args is ["scale-out", .. var scaleArgs])
{
    // One self-host process, then two on one task hub (issue 16): docs/benchmarks.md#scale-out-across-processes-issue-16.
    Environment.ExitCode = await new ScaleOutRun(ScaleOutSettings.Parse(scaleArgs), Console.Out).RunAsync(CancellationToken.None);
    return;
}

if (args is ["masterdata-memory"])
{
    EnrichmentBenchmarks.PrintMasterDataMemory();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ConcurMappingBenchmarks).Assembly).Run(args);
