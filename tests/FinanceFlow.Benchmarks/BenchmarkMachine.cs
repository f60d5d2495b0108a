using System.Globalization;

namespace FinanceFlow.Benchmarks;

/// <summary>The machine a figure was taken on, as the benchmark commands print it beside the figure.</summary>
internal static class BenchmarkMachine
{
    /// <summary>For example <c>2 cores (AMD EPYC …), 7.8 GiB RAM, .NET 10.0.1</c>.</summary>
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : null;
        var gib = memory is null ? "?" : (long.Parse(memory, CultureInfo.InvariantCulture) / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores ({cpu ?? "?"}), {gib} GiB RAM, .NET {Environment.Version}");
    }
}
