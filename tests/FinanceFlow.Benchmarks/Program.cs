using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(FinanceFlow.Benchmarks.ConcurMappingBenchmarks).Assembly).Run(args);
