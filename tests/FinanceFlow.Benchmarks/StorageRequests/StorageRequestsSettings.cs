using System.Globalization;

namespace FinanceFlow.Benchmarks.StorageRequests;

/// <summary>What a <c>storage-requests</c> run sends and how long it watches; every option of the command.</summary>
/// <param name="Reports">Reports counted, each the profile's report with its own id.</param>
/// <param name="Sample">A sample of <c>samples/</c> by number (<c>01</c>) or file name, or <see cref="CounterProfile.ReceiptTwoEntities"/>.</param>
/// <param name="Rate">Webhooks sent per second (open loop), at most <paramref name="InFlight"/> at once.</param>
/// <param name="InFlight">Webhook requests in flight at most.</param>
/// <param name="Warmup">Reports sent and finished before anything is counted, so one-time work (tables, queues, clients) is left out.</param>
/// <param name="IdleSeconds">Length of the idle window that measures polling with no report in flight.</param>
/// <param name="SettleSeconds">
/// Quiet time before the idle window and after the last report finished; longer than the engine's extended-session idle timeout
/// (30 s), so a report's last storage request falls inside the counted window and none of the warm-up's falls into the idle one.
/// </param>
/// <param name="Timeout">How long the reports may take to finish.</param>
/// <param name="LogPath">Where Azurite's debug log goes and stays; unset: a temporary file, deleted at the end.</param>
internal sealed record StorageRequestsSettings(
    int Reports = 50,
    string Sample = "01",
    double Rate = 10,
    int InFlight = 8,
    int Warmup = 2,
    int IdleSeconds = 30,
    int SettleSeconds = 40,
    TimeSpan Timeout = default,
    string? LogPath = null)
{
    public const string Usage =
        "storage-requests [--reports 50] [--sample 01|FILE|receipt-two-entities] [--rate 10] [--in-flight 8] [--warmup 2] "
        + "[--idle-seconds 30] [--settle-seconds 40] [--timeout-minutes 20] [--log FILE]";

    public TimeSpan RunTimeout => Timeout == default ? TimeSpan.FromMinutes(20) : Timeout;

    /// <summary>The settings from the command's arguments (after <c>storage-requests</c>).</summary>
    public static StorageRequestsSettings Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new StorageRequestsSettings();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. Usage: {Usage}");
            settings = args[i] switch
            {
                "--reports" => settings with { Reports = Positive(args[i], value) },
                "--sample" => settings with { Sample = value },
                "--rate" => settings with { Rate = double.Parse(value, CultureInfo.InvariantCulture) },
                "--in-flight" => settings with { InFlight = Positive(args[i], value) },
                "--warmup" => settings with { Warmup = int.Parse(value, CultureInfo.InvariantCulture) },
                "--idle-seconds" => settings with { IdleSeconds = Positive(args[i], value) },
                "--settle-seconds" => settings with { SettleSeconds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--timeout-minutes" => settings with { Timeout = TimeSpan.FromMinutes(Positive(args[i], value)) },
                "--log" => settings with { LogPath = Path.GetFullPath(value) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Usage: {Usage}"),
            };
        }

        return settings.Rate > 0 ? settings : throw new ArgumentException("--rate must be above 0.");
    }

    private static int Positive(string option, string value) =>
        int.Parse(value, CultureInfo.InvariantCulture) is var number and > 0 ? number : throw new ArgumentException($"{option} must be above 0.");
}
