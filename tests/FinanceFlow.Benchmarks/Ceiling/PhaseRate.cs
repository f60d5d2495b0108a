using System.Globalization;

namespace FinanceFlow.Benchmarks.Ceiling;

/// <summary>One measured phase: <paramref name="Count"/> runs from the first start (or webhook) to the last one done.</summary>
/// <param name="LastDone">The bare engine: the last instance's completion; the pipeline: the last report's status row written Posted.</param>
internal sealed record PhaseRate(int Count, DateTimeOffset FirstStart, DateTimeOffset LastDone)
{
    public double Seconds => (LastDone - FirstStart).TotalSeconds;

    public double PerSecond => Seconds > 0 ? Count / Seconds : double.NaN;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Count} in {Seconds:0.00} s = {PerSecond:0.00}/s");
}
