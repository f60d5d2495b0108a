using System.ComponentModel;
using System.Diagnostics;
using FinanceFlow.Connectors.Erp;

namespace FinanceFlow.Connectors.Hledger;

/// <summary>Runs the hledger CLI against the journal file; its read of the file is the authoritative view of the ledger.</summary>
internal static class HledgerCli
{
    public static async Task<string> RunAsync(string executable, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new ErpUnavailableException($"The hledger CLI '{executable}' could not be started: {ex.Message}", ex);
        }

        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException ex)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ErpUnavailableException($"The hledger CLI did not answer within {timeout.TotalSeconds:0} s.", ex);
        }

        var output = await stdout;
        var error = await stderr;
        if (process.ExitCode != 0)
        {
            throw new ErpUnavailableException($"The hledger CLI failed (exit code {process.ExitCode}): {error.Trim()}");
        }

        return output;
    }

    /// <summary>Escapes a literal for hledger's (POSIX extended) regular expressions.</summary>
    public static string EscapeRegex(string value)
    {
        var escaped = new System.Text.StringBuilder(value.Length * 2);
        foreach (var c in value)
        {
            if (c is '\\' or '^' or '$' or '.' or '|' or '?' or '*' or '+' or '(' or ')' or '[' or ']' or '{' or '}')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
