using System.Globalization;
using FinanceFlow.Workflows.Metrics;

namespace FinanceFlow.Benchmarks.Ceiling;

/// <summary>One round: the bare engine's rate, then the pipeline's, on the same Azurite; FinanceFlow's share of the ceiling.</summary>
internal sealed record CeilingRound(int Number, PhaseRate Ceiling, PhaseRate Pipeline)
{
    public double Ratio => Pipeline.PerSecond / Ceiling.PerSecond;

    /// <summary>The middle value (nearest rank, so one the run measured) of the rounds' <paramref name="figure"/>.</summary>
    public static double Median(IReadOnlyList<CeilingRound> rounds, Func<CeilingRound, double> figure) =>
        MetricsAggregation.Percentile([.. rounds.Select(figure).Order()], 50);

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"round {Number}: bare DTFx {Ceiling}, FinanceFlow {Pipeline}, FinanceFlow / ceiling {100 * Ratio:0} %");
}
