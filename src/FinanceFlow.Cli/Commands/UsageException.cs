namespace FinanceFlow.Cli.Commands;

/// <summary>The command line was wrong; the message says what to fix.</summary>
public sealed class UsageException(string message) : Exception(message);
