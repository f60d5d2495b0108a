namespace FinanceFlow.Cli.Commands;

/// <summary>Entry point: picks the command and turns bad usage into exit code 2 with a usage text.</summary>
public static class CliApp
{
    public const string Usage = """
        financeflow — send signed expense reports to a FinanceFlow host and watch them run.

        Commands:
          send-samples --url URL --dir DIR [--timeout SECONDS] [--source NAME]
              Sends every report listed in DIR/manifest.json (or every *.json in DIR), as often as the
              manifest says, polls each orchestration to its end and prints a table. Exit 0 when every
              report reached its expected outcome.
          load --url URL --count N --rate R [--concurrency C] [--timeout SECONDS] [--source NAME] [--json]
              Generates N distinct valid reports, sends them at about R per second (open loop, at most C
              in flight), waits for all to finish and prints latency and throughput. Loopback URLs only.
          load-queue --count N [--url URL] [--queue NAME] [--concurrency C] [--timeout SECONDS] [--json]
              Enqueues N distinct reports as CloudEvents (base64) on the intake Storage Queue (default
              expense-intake; account from AzureWebJobsStorage, default UseDevelopmentStorage=true) and
              measures messages per second to started orchestrations on URL (default http://127.0.0.1:7071).

          load-masterdata --url URL [--dir DIR] [--source-system NAME] [--actor NAME] [--key FUNCTION_KEY]
              PUTs DIR/masterdata.json (one array per kind: legal-entities, employees, cost-centers, projects,
              gl-accounts, tax-codes, currencies, fx-rates) to /api/v1/masterdata/{kind} and DIR/mappings.json
              to /api/v1/mappings/{kind} (kinds that already have rules are left alone). DIR: samples/masterdata.

          reconcile --url URL [--actor NAME] [--key FUNCTION_KEY]
              Runs one reconciliation of FinanceFlow's postings with the ERP ledgers (POST /api/v1/reconciliations)
              and prints each ledger's matches and differences, and the reports still open. Exit 0 when balanced.

        The webhook secret is read from FinanceFlow__Sources__{source}__WebhookSecret (source: canonical).
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        try
        {
            var options = CommandLineOptions.Parse(args.AsSpan(1));
            return args[0] switch
            {
                "send-samples" => await SendSamplesCommand.RunAsync(SendSamplesSettings.From(options), cancel.Token),
                "load" => await LoadCommand.RunAsync(LoadSettings.From(options), cancel.Token),
                "load-masterdata" => await LoadMasterDataCommand.RunAsync(LoadMasterDataSettings.From(options), cancel.Token),
                "load-queue" => await LoadQueueCommand.RunAsync(LoadQueueSettings.From(options), cancel.Token),
                "reconcile" => await ReconcileCommand.RunAsync(ReconcileSettings.From(options), cancel.Token),
                _ => throw new UsageException($"Unknown command '{args[0]}'."),
            };
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return 130;
        }
    }
}
