using FinanceFlow.Cli.Commands;

namespace FinanceFlow.Cli.Tests.Commands;

public sealed class CommandLineOptionsTests
{
    [Fact]
    public void Strings_RepeatedOption_ReturnsEveryValueInOrder()
    {
        var options = CommandLineOptions.Parse(["--role", "FinanceFlow.Reader", "--role=FinanceFlow.Operator"]);

        Assert.Equal(["FinanceFlow.Reader", "FinanceFlow.Operator"], options.Strings("role"));
    }

    [Fact]
    public void String_RepeatedOption_IsRefused()
    {
        var options = CommandLineOptions.Parse(["--url", "http://a", "--url", "http://b"]);

        var refused = Assert.Throws<UsageException>(() => options.String("url"));
        Assert.Equal("Option --url is given twice.", refused.Message);
    }
}
