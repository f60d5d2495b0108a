using System.Globalization;
using FinanceFlow.Cli.Http;
using FinanceFlow.Cli.Output;
using FinanceFlow.Cli.Samples;

namespace FinanceFlow.Cli.Commands;

/// <summary>
/// <c>send-samples</c>: deliver every sample (redeliveries included), follow each report on the report route until its run has
/// ended, compare with the manifest.
/// </summary>
public static class SendSamplesCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static async Task<int> RunAsync(SendSamplesSettings settings, CancellationToken cancellationToken)
    {
        IReadOnlyList<SampleReport> samples;
        try
        {
            samples = SampleManifest.LoadReports(settings.Directory);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            await Console.Error.WriteLineAsync($"error: cannot read samples: {ex.Message}");
            return 1;
        }

        var client = new FinanceFlowClient(settings.Common.BaseUrl, settings.Common.Source, settings.Common.Secret, settings.Access);
        Console.WriteLine($"Sending {samples.Count} report(s) from {settings.Directory} to {client.IntakeUri}");
        var runs = new List<SampleRun>();
        foreach (var sample in samples)
        {
            runs.Add(await DeliverAsync(client, sample, cancellationToken));
        }

        Console.WriteLine();
        Console.WriteLine($"Waiting for the orchestrations (up to {settings.Timeout.TotalSeconds:0} s)…");
        var deadline = DateTimeOffset.UtcNow + settings.Timeout;
        await Task.WhenAll(runs.Where(r => r.ReportUri is not null).Select(r => FollowAsync(client, r, deadline, cancellationToken)));

        return Report(runs);
    }

    private static async Task<SampleRun> DeliverAsync(FinanceFlowClient client, SampleReport sample, CancellationToken cancellationToken)
    {
        // One message id per report: a redelivery of the same webhook message keeps it (Standard Webhooks).
        var messageId = "msg_" + Guid.NewGuid().ToString("N");
        var run = new SampleRun(sample) { SentAt = DateTimeOffset.UtcNow };
        for (var delivery = 1; delivery <= sample.Deliveries; delivery++)
        {
            var answer = await client.DeliverAsync(sample.Body, sample.ReportId, messageId, cancellationToken);
            var label = sample.Deliveries > 1 ? $" (delivery {delivery}/{sample.Deliveries})" : string.Empty;
            var detail = answer.Accepted ? answer.InstanceId : answer.Error;
            Console.WriteLine($"  {answer.StatusCode,3} {StatusName(answer.StatusCode),-9} {sample.File}{label}  {detail}");
            if (delivery == 1)
            {
                run.InstanceId = answer.InstanceId;
                if (!answer.Accepted)
                {
                    run.Problems.Add($"intake answered {answer.StatusCode}: {answer.Error}");
                    break;
                }

                run.ReportUri = answer.ReportUri;
            }
            else if (answer.StatusCode != 200 || !string.Equals(answer.InstanceId, run.InstanceId, StringComparison.Ordinal))
            {
                run.Problems.Add($"redelivery answered {answer.StatusCode} for instance {answer.InstanceId ?? "?"}; expected 200 for {run.InstanceId}");
            }
        }

        return run;
    }

    private static async Task FollowAsync(FinanceFlowClient client, SampleRun run, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (DateTimeOffset.UtcNow < deadline)
        {
            var status = await client.GetReportAsync(run.ReportUri!, run.InstanceId!, cancellationToken);
            if (status is not null)
            {
                run.Status = status;
                if (status.IsTerminal)
                {
                    // The status row's last write is the run's final step: intake to end, to the tick.
                    run.FinishedAt = status.UpdatedAt ?? DateTimeOffset.UtcNow;
                    return;
                }
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        run.Problems.Add($"not finished before the time-out (last seen: {run.Status?.RuntimeStatus ?? "no status"}, stage {run.Status?.Stage ?? "?"})");
    }

    private static int Report(List<SampleRun> runs)
    {
        var table = new TextTable("report", "employee", "amount", "status", "ERP document", "seconds", "expected", "notes");
        foreach (var run in runs)
        {
            var s = run.Sample;
            var shown = run.Status?.Display ?? (run.ReportUri is null ? "NotAccepted" : "Unknown");
            if (run.Status is { IsTerminal: true } && !string.Equals(shown, s.ExpectedOutcome, StringComparison.OrdinalIgnoreCase))
            {
                run.Problems.Add($"expected {s.ExpectedOutcome}, got {shown}");
            }

            var seconds = run.FinishedAt is { } end ? (end - run.SentAt).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) : "-";
            var notes = new List<string>();
            if (run.Status?.FindingCodes.Count > 0)
            {
                notes.Add(string.Join(",", run.Status.FindingCodes));
            }

            if (!string.IsNullOrEmpty(run.Status?.FailureReason))
            {
                notes.Add(run.Status.FailureReason);
            }

            if (s.Deliveries > 1)
            {
                notes.Add($"delivered {s.Deliveries}x");
            }

            table.Add(
                $"{s.ReportId} v{s.Version}",
                s.Employee,
                MoneyFormat.Format(s.TotalAmount, s.Currency),
                shown,
                run.Status?.ErpDocumentNumber ?? "-",
                seconds,
                run.Problems.Count == 0 ? "ok" : "MISMATCH",
                string.Join("; ", notes));
        }

        Console.WriteLine();
        Console.Write(table.ToString());
        var failed = runs.Where(r => r.Problems.Count > 0).ToList();
        Console.WriteLine();
        foreach (var run in failed)
        {
            foreach (var problem in run.Problems)
            {
                Console.WriteLine($"MISMATCH {run.Sample.File}: {problem}");
            }
        }

        Console.WriteLine(failed.Count == 0
            ? $"All {runs.Count} report(s) reached their expected outcome."
            : $"{failed.Count} of {runs.Count} report(s) did not reach their expected outcome.");
        return failed.Count == 0 ? 0 : 1;
    }

    private static string StatusName(int code) => code switch
    {
        0 => "no answer",
        200 => "known",
        202 => "accepted",
        _ => ((System.Net.HttpStatusCode)code).ToString(),
    };

    private sealed class SampleRun(SampleReport sample)
    {
        public SampleReport Sample { get; } = sample;

        public DateTimeOffset SentAt { get; init; }

        public Uri? ReportUri { get; set; }

        public string? InstanceId { get; set; }

        public ReportState? Status { get; set; }

        public DateTimeOffset? FinishedAt { get; set; }

        public List<string> Problems { get; } = [];
    }
}
