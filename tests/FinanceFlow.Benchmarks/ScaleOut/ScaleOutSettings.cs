using System.Globalization;

namespace FinanceFlow.Benchmarks.ScaleOut;

/// <summary>What a <c>scale-out</c> run sends; every option of the command.</summary>
/// <param name="Reports">Reports timed per phase, each sample 01 with its own id, spread evenly over the phase's processes.</param>
/// <param name="Rate">Webhooks offered per second in all (open loop), well above what the pipeline posts, so the pipeline is what is timed.</param>
/// <param name="InFlight">Webhook requests in flight at most, per process.</param>
/// <param name="Warmup">Reports per process sent and finished before the clock starts, so start-up work (JIT, tables, queues) is left out.</param>
/// <param name="Timeout">How long one phase's reports may take to finish.</param>
internal sealed record ScaleOutSettings(int Reports = 200, double Rate = 50, int InFlight = 8, int Warmup = 4, TimeSpan Timeout = default)
{
    public const string Usage = "scale-out [--reports 200] [--rate 50] [--in-flight 8] [--warmup 4] [--timeout-minutes 20]";

    public TimeSpan RunTimeout => Timeout == default ? TimeSpan.FromMinutes(20) : Timeout;

    /// <summary>The settings from the command's arguments (after <c>scale-out</c>).</summary>
    public static ScaleOutSettings Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new ScaleOutSettings();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. Usage: {Usage}");
            settings = args[i] switch
            {
                "--reports" => settings with { Reports = Positive(args[i], value) },
                "--rate" => settings with { Rate = double.Parse(value, CultureInfo.InvariantCulture) },
                "--in-flight" => settings with { InFlight = Positive(args[i], value) },
                "--warmup" => settings with { Warmup = int.Parse(value, CultureInfo.InvariantCulture) },
                "--timeout-minutes" => settings with { Timeout = TimeSpan.FromMinutes(Positive(args[i], value)) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Usage: {Usage}"),
            };
        }

        return settings.Rate > 0 ? settings : throw new ArgumentException("--rate must be above 0.");
    }

    private static int Positive(string option, string value) =>
        int.Parse(value, CultureInfo.InvariantCulture) is var number and > 0 ? number : throw new ArgumentException($"{option} must be above 0.");
}
