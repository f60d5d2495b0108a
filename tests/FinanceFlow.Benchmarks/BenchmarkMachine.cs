using System.Globalization;

namespace FinanceFlow.Benchmarks;

/// <summary>The machine a benchmark ran on, for its printout: the figures mean little without it.</summary>
internal static class BenchmarkMachine
{
    /// <summary>Cores, CPU model, memory and .NET version, e.g. <c>2 cores (AMD EPYC 7B13), 23.5 GiB RAM, .NET 10.0.12</c>.</summary>
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

    /// <summary>The 1, 5 and 15 minute load averages (<c>/proc/loadavg</c>): other work on the same cores shows here.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
