using FinanceFlow.Cli.Commands;

namespace FinanceFlow.Cli.Tests.Commands;

public sealed class TokenSettingsTests
{
    [Fact]
    public void TokenSettings_NoRole_IsRefused()
    {
        var options = CommandLineOptions.Parse(["--name", "you@example.com", "--signing-key-file", "unused"]);

        var refused = Assert.Throws<UsageException>(() => TokenSettings.From(options));
        Assert.Contains("--role", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_UnknownRole_IsRefusedBeforeTheKeyIsLookedFor()
    {
        var options = CommandLineOptions.Parse(["--role", "FinanceFlow.Everything", "--name", "you@example.com", "--signing-key-file", "unused"]);

        var refused = Assert.Throws<UsageException>(() => TokenSettings.From(options));
        Assert.Contains("Unknown role 'FinanceFlow.Everything'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_NamedKeyFileMissing_IsRefused()
    {
        var options = CommandLineOptions.Parse(["--role", "FinanceFlow.Reader", "--name", "you@example.com", "--signing-key-file", "/nonexistent/dev-signing-key"]);

        var refused = Assert.Throws<UsageException>(() => TokenSettings.From(options));
        Assert.Contains("/nonexistent/dev-signing-key", refused.Message, StringComparison.Ordinal);
    }
}
