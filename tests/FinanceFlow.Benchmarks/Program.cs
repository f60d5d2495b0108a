using BenchmarkDotNet.Running;
using FinanceFlow.Benchmarks;

if (args is ["masterdata-memory"])
{
    EnrichmentBenchmarks.PrintMasterDataMemory();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ConcurMappingBenchmarks).Assembly).Run(args);
