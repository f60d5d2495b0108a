using System.Diagnostics;
using System.Globalization;
using CsCheck;
using Xunit.Abstractions;

namespace FinanceFlow.SelfHost.Tests.Hostile;

/// <summary>
/// Runs a generated corpus against one target: a fixed number of bodies drawn from a fixed seed (so a run is the same run every time),
/// each sent once, timed, and judged. Any failure is listed with the seed that regenerates its body; the first one is then handed to
/// CsCheck, which replays that seed and shrinks towards the smallest failing body it can find.
/// </summary>
public static class HostileCorpus
{
    /// <summary>The corpus seed; <c>HOSTILE_SEED</c> runs another corpus (CsCheck seed format).</summary>
    public static string Seed => Environment.GetEnvironmentVariable("HOSTILE_SEED") is { Length: > 0 } seed ? seed : "0HostileCorpus1";

    /// <summary>
    /// The longest one body may take. Generous on purpose: a 2-core machine shared with other builds answers a 1 MiB body in well under
    /// a second; this catches the bodies that cost tens of seconds, not jitter. <c>HOSTILE_MAX_SECONDS</c> changes it.
    /// </summary>
    public static TimeSpan Bound => TimeSpan.FromSeconds(
        double.TryParse(Environment.GetEnvironmentVariable("HOSTILE_MAX_SECONDS"), CultureInfo.InvariantCulture, out var seconds) ? seconds : 2);

    /// <summary>Sends <paramref name="count"/> bodies of <paramref name="gen"/> through <paramref name="judge"/>, which answers null when the outcome is acceptable.</summary>
    public static async Task RunAsync(string target, Gen<HostileBody> gen, int count, Func<HostileBody, Task<Outcome>> judge, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentNullException.ThrowIfNull(output);
        var pcg = PCG.Parse(Seed);
        var results = new List<Result>(count);
        var total = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var seed = pcg.ToString(pcg.State);
            var body = gen.Generate(pcg, null, out _);
            var clock = Stopwatch.StartNew();
            Outcome outcome;
            try
            {
                outcome = await judge(body);
            }
            catch (Exception ex)
            {
                outcome = new Outcome("exception", $"{ex.GetType().Name}: {ex.Message}");
            }

            clock.Stop();
            var failure = outcome.Failure ?? (clock.Elapsed > Bound ? $"took {clock.Elapsed.TotalSeconds:F2} s (bound {Bound.TotalSeconds:F1} s)" : null);
            results.Add(new Result(seed, body, outcome.Answer, clock.Elapsed, failure));
        }

        Report(target, results, total.Elapsed, output);
        var failures = results.Where(r => r.Failure is not null).ToList();
        if (failures.Count == 0)
        {
            return;
        }

        var list = string.Join("\n", failures.Take(30).Select(f => $"  seed {f.Seed}: {f.Failure} <- {f.Body}"));
        output.WriteLine($"{failures.Count} of {count} bodies failed against {target}:\n{list}");

        // CsCheck replays the first failing seed, then keeps sampling for a smaller body that fails the same way.
        var first = failures[0];
        await gen.SampleAsync(
            async body =>
            {
                var clock = Stopwatch.StartNew();
                var outcome = await judge(body);
                if (outcome.Failure is { } failure || (clock.Elapsed > Bound && (failure = $"took {clock.Elapsed.TotalSeconds:F2} s") is not null))
                {
                    throw new InvalidOperationException(failure);
                }
            },
            seed: first.Seed,
            iter: 200,
            threads: 1,
            print: b => b.ToString());
        Assert.Fail($"{failures.Count} of {count} hostile bodies failed against {target} (CsCheck did not reproduce the first, seed {first.Seed}):\n{list}");
    }

    private static void Report(string target, List<Result> results, TimeSpan elapsed, ITestOutputHelper output)
    {
        var answers = string.Join(", ", results.GroupBy(r => r.Answer).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} x{g.Count()}"));
        output.WriteLine($"{target}: {results.Count} bodies in {elapsed.TotalSeconds:F1} s (corpus seed {Seed}); answers: {answers}");
        output.WriteLine("slowest:");
        foreach (var slow in results.OrderByDescending(r => r.Elapsed).Take(5))
        {
            output.WriteLine($"  {slow.Elapsed.TotalMilliseconds,8:F0} ms  {slow.Answer}  seed {slow.Seed}  {slow.Body}");
        }
    }

    private sealed record Result(string Seed, HostileBody Body, string Answer, TimeSpan Elapsed, string? Failure);
}

/// <summary>What a target did with one body (e.g. <c>400 invalid-report</c>, <c>dead-letter invalid-data</c>), and why that is wrong, if it is.</summary>
public sealed record Outcome(string Answer, string? Failure = null);
