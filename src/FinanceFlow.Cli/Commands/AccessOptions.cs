using FinanceFlow.Cli.Http;

namespace FinanceFlow.Cli.Commands;

/// <summary>
/// The options of every command that calls a route other than the webhook: <c>--token</c>, <c>--actor</c>,
/// <c>--signing-key-file</c> and <c>--key</c>. A flag wins over an environment variable; first found: <c>--token</c>,
/// <c>--signing-key-file</c>, <c>FINANCEFLOW_TOKEN</c>, <c>FINANCEFLOW_SIGNING_KEY_FILE</c>, <c>.local/dev-signing-key</c>.
/// </summary>
public static class AccessOptions
{
    public const string FunctionKeyVariable = "FINANCEFLOW_FUNCTION_KEY";

    /// <summary>
    /// What <paramref name="command"/> sends: the given token, else one minted with <paramref name="roles"/> for <c>--actor</c>
    /// (default "USER (financeflow COMMAND)") valid for <paramref name="lifetime"/>, else none.
    /// </summary>
    public static HostAccess Read(CommandLineOptions options, string command, TimeSpan lifetime, params string[] roles)
    {
        var token = options.String("token");
        var keyFile = options.String("signing-key-file");
        var actor = options.String("actor") ?? $"{Environment.UserName} (financeflow {command})";
        var key = options.String("key") ?? Environment.GetEnvironmentVariable(FunctionKeyVariable);
        var functionKey = string.IsNullOrWhiteSpace(key) ? null : key.Trim();
        if (token is not null && keyFile is not null)
        {
            throw new UsageException("Give --token or --signing-key-file, not both.");
        }

        if (token is not null)
        {
            return HostAccess.Given(NonEmpty(token, "--token"), functionKey, "--token");
        }

        if (keyFile is null && Environment.GetEnvironmentVariable(HostAccess.TokenVariable) is { } fromEnvironment && !string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return HostAccess.Given(fromEnvironment.Trim(), functionKey, HostAccess.TokenVariable);
        }

        if (DevelopmentTokenIssuer.Find(keyFile) is not { } issuer)
        {
            return HostAccess.Anonymous(functionKey);
        }

        var minted = issuer.Issue(actor, roles, lifetime);
        return new HostAccess(minted, functionKey, actor, $"minted for '{actor}' with {string.Join(", ", roles)}, key {issuer.Origin}");
    }

    /// <summary>
    /// The second principal that approves what the command proposes (maker–checker): <c>--approver-token TOKEN</c>, else a token minted
    /// for <c>--approver NAME</c> with <paramref name="roles"/> from the signing key the command's own token comes from; null without either.
    /// </summary>
    public static HostAccess? ReadApprover(CommandLineOptions options, string command, TimeSpan lifetime, params string[] roles)
    {
        var token = options.String("approver-token");
        var name = options.String("approver");
        if (token is not null && name is not null)
        {
            throw new UsageException("Give --approver-token or --approver, not both.");
        }

        var key = options.String("key") ?? Environment.GetEnvironmentVariable(FunctionKeyVariable);
        var functionKey = string.IsNullOrWhiteSpace(key) ? null : key.Trim();
        if (token is not null)
        {
            return HostAccess.Given(NonEmpty(token, "--approver-token"), functionKey, "--approver-token");
        }

        if (name is null)
        {
            return null;
        }

        var issuer = DevelopmentTokenIssuer.Find(options.String("signing-key-file"))
            ?? throw new UsageException($"--approver needs a signing key to mint the approver's token ({DevelopmentTokenIssuer.KeyLookup}); with real tokens give --approver-token.");
        var approver = NonEmpty(name, "--approver");
        return new HostAccess(issuer.Issue(approver, roles, lifetime), functionKey, approver, $"minted for approver '{approver}' ({command}) with {string.Join(", ", roles)}, key {issuer.Origin}");
    }

    private static string NonEmpty(string value, string option) =>
        string.IsNullOrWhiteSpace(value) ? throw new UsageException($"{option} is empty.") : value.Trim();
}
