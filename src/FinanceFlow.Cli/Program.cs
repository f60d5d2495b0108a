using FinanceFlow.Cli.Commands;

return await CliApp.RunAsync(args);
