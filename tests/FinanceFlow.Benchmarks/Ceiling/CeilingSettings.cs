using System.Globalization;

namespace FinanceFlow.Benchmarks.Ceiling;

/// <summary>What a <c>ceiling</c> run sends and how long it watches; every option of the command.</summary>
/// <param name="Reports">Instances of the bare orchestration, then reports through the pipeline: the same number for both.</param>
/// <param name="Sample">The report the pipeline gets, as <c>storage-requests --sample</c> takes it (default sample 01).</param>
/// <param name="InFlight">Starts (bare engine) and webhooks (pipeline) in flight at most while sending as fast as allowed.</param>
/// <param name="Warmup">Instances, then reports, run to their end before each measured phase, so one-time work is left out.</param>
/// <param name="IntakeRate">Webhooks per second offered in the intake-latency phase; unset: 60 % of the pipeline's measured rate.</param>
/// <param name="IntakeSeconds">Length of the intake-latency phase.</param>
/// <param name="Timeout">How long each phase's runs may take to finish.</param>
/// <param name="Rounds">
/// Bare engine then pipeline, this many times on the same Azurite; the ratio is then the median of the rounds', so a burst of other
/// work on a shared machine during one phase does not decide it.
/// </param>
internal sealed record CeilingSettings(
    int Reports = 200,
    string Sample = "01",
    int InFlight = 8,
    int Warmup = 5,
    double? IntakeRate = null,
    int IntakeSeconds = 25,
    TimeSpan Timeout = default,
    int Rounds = 1)
{
    public const string Usage =
        "ceiling [--reports 200] [--sample 01|FILE|receipt-two-entities] [--in-flight 8] [--warmup 5] [--intake-rate R] "
        + "[--intake-seconds 25] [--timeout-minutes 20] [--rounds 1]";

    /// <summary>The intake phase's default share of the pipeline's measured rate: a rate it sustains, not its limit.</summary>
    public const double SustainedShare = 0.6;

    public TimeSpan RunTimeout => Timeout == default ? TimeSpan.FromMinutes(20) : Timeout;

    /// <summary>The settings from the command's arguments (after <c>ceiling</c>).</summary>
    public static CeilingSettings Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new CeilingSettings();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. Usage: {Usage}");
            settings = args[i] switch
            {
                "--reports" => settings with { Reports = Positive(args[i], value) },
                "--sample" => settings with { Sample = value },
                "--in-flight" => settings with { InFlight = Positive(args[i], value) },
                "--warmup" => settings with { Warmup = int.Parse(value, CultureInfo.InvariantCulture) },
                "--intake-rate" => settings with { IntakeRate = double.Parse(value, CultureInfo.InvariantCulture) is var rate and > 0 ? rate : throw new ArgumentException("--intake-rate must be above 0.") },
                "--intake-seconds" => settings with { IntakeSeconds = Positive(args[i], value) },
                "--timeout-minutes" => settings with { Timeout = TimeSpan.FromMinutes(Positive(args[i], value)) },
                "--rounds" => settings with { Rounds = Positive(args[i], value) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Usage: {Usage}"),
            };
        }

        return settings;
    }

    private static int Positive(string option, string value) =>
        int.Parse(value, CultureInfo.InvariantCulture) is var number and > 0 ? number : throw new ArgumentException($"{option} must be above 0.");
}
