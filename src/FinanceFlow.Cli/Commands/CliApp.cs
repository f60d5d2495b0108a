using FinanceFlow.Cli.Http;

namespace FinanceFlow.Cli.Commands;

/// <summary>Entry point: picks the command and turns bad usage into exit code 2 with a usage text.</summary>
public static class CliApp
{
    public const string Usage = """
        financeflow — send signed expense reports to a FinanceFlow host and watch them run.

        Commands (ACCESS: [--token TOKEN | --signing-key-file PATH] [--actor NAME] [--key FUNCTION_KEY], see below):
          send-samples --url URL --dir DIR [--timeout SECONDS] [--source NAME] ACCESS
              Sends every report listed in DIR/manifest.json (or every *.json in DIR), as often as the
              manifest says, follows each report (GET /api/v1/reports/{source}/{id}) until its run has ended and
              prints a table. Exit 0 when every report reached its expected outcome. Role: FinanceFlow.Reader.
          load --url URL --count N --rate R [--concurrency C] [--timeout SECONDS] [--source NAME] [--json] ACCESS
              Generates N distinct valid reports, sends them at about R per second (open loop, at most C
              in flight), waits for all to finish and prints latency and throughput. Loopback URLs only.
              Role: FinanceFlow.Reader.
          load-queue --count N [--url URL] [--queue NAME] [--concurrency C] [--timeout SECONDS] [--json] ACCESS
              Enqueues N distinct reports as CloudEvents (base64) on the intake Storage Queue (default
              expense-intake; account from AzureWebJobsStorage, default UseDevelopmentStorage=true) and
              measures messages per second to started orchestrations on URL (default http://127.0.0.1:7071).
              Role: FinanceFlow.Reader.

          load-masterdata --url URL [--dir DIR] [--source-system NAME] [--mappings-only]
                          [--approver NAME | --approver-token TOKEN] ACCESS
              PUTs DIR/masterdata.json (one array per kind: legal-entities, employees, cost-centers, projects,
              gl-accounts, tax-codes, currencies, fx-rates) to /api/v1/masterdata/{kind} and proposes DIR/mappings.json
              to /api/v1/mappings/{kind} (kinds that already have rules are left alone). DIR: samples/masterdata.
              A mapping change takes effect once a second principal approves it: --approver NAME (a token minted
              from the signing key) or --approver-token TOKEN approves each one; without either they stay pending.
              Roles: FinanceFlow.MasterData and FinanceFlow.Reader (the approver: FinanceFlow.MasterData).

          approve-mapping --url URL --kind KIND --change ID ACCESS
          reject-mapping --url URL --kind KIND --change ID [--reason TEXT] ACCESS
              Approves (puts in force as the next version) or rejects a proposed mapping change. The maker of a
              change cannot approve it (403). Role: FinanceFlow.MasterData.

          reconcile --url URL ACCESS
              Runs one reconciliation of FinanceFlow's postings with the ERP ledgers (POST /api/v1/reconciliations)
              and prints each ledger's matches and differences, and the reports still open. Exit 0 when balanced.
              Role: FinanceFlow.Operator.

          audit verify --source NAME --report ID [--url URL] ACCESS
              Asks the host whether the report's audit rows still form their hash chain
              (GET /api/v1/reports/{source}/{reportId}/audit/verify; URL default http://127.0.0.1:7071) and prints
              the first break: a changed, deleted, inserted or reordered row with the expected and found hash. Exit 0
              when intact, 1 when broken, 3 when the host could not answer (unknown report, 401, 403).
              Role: FinanceFlow.Reader.

          token --role ROLE [--role ROLE…] --name NAME [--signing-key-file PATH] [--hours 8]
              Prints a development token (HS256, issuer financeflow-dev, audience financeflow) naming NAME, with
              the roles FinanceFlow.Reader, .Operator, .MasterData, .Payments, .Approver, .Admin. For curl:
              TOKEN=$(financeflow token --role FinanceFlow.Reader --name you@example.com)
              curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:7071/api/v1/reports/canonical/R-2026-1101

        ACCESS: every route but the webhook (signed, not authenticated) and /health needs a bearer token.
          --token TOKEN (or FINANCEFLOW_TOKEN) is sent as it is. Otherwise the CLI mints one for --actor NAME
          (the audit trail's actor; default "USER (financeflow COMMAND)") with the command's roles, signed with
          the key in --signing-key-file PATH, else the file FINANCEFLOW_SIGNING_KEY_FILE names, else
          .local/dev-signing-key (run.sh writes it); without a token the host answers 401.
          --key FUNCTION_KEY (or FINANCEFLOW_FUNCTION_KEY) is sent as x-functions-key to an Azure Functions host.

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
            // "audit verify" is one command of two words; every other is one.
            var (command, rest) = args[0] == "audit" && args.Length > 1 ? ($"audit {args[1]}", 2) : (args[0], 1);
            var options = CommandLineOptions.Parse(args.AsSpan(rest));
            return command switch
            {
                "send-samples" => await SendSamplesCommand.RunAsync(SendSamplesSettings.From(options), cancel.Token),
                "load" => await LoadCommand.RunAsync(LoadSettings.From(options), cancel.Token),
                "load-masterdata" => await LoadMasterDataCommand.RunAsync(LoadMasterDataSettings.From(options), cancel.Token),
                "load-queue" => await LoadQueueCommand.RunAsync(LoadQueueSettings.From(options), cancel.Token),
                "reconcile" => await ReconcileCommand.RunAsync(ReconcileSettings.From(options), cancel.Token),
                "approve-mapping" => await MappingDecisionCommand.RunAsync(MappingDecisionSettings.From(options, approve: true), cancel.Token),
                "reject-mapping" => await MappingDecisionCommand.RunAsync(MappingDecisionSettings.From(options, approve: false), cancel.Token),
                "audit verify" => await AuditVerifyCommand.RunAsync(AuditVerifySettings.From(options), cancel.Token),
                "token" => TokenCommand.Run(TokenSettings.From(options)),
                _ => throw new UsageException($"Unknown command '{command}'."),
            };
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        catch (HostRefusedException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return 130;
        }
    }
}
