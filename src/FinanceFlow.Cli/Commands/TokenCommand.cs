using System.Globalization;

namespace FinanceFlow.Cli.Commands;

/// <summary><c>token</c>: prints a development token (only the token on stdout, so <c>TOKEN=$(financeflow token …)</c> works).</summary>
public static class TokenCommand
{
    public static int Run(TokenSettings settings)
    {
        Console.WriteLine(settings.Issuer.Issue(settings.Name, settings.Roles, settings.Lifetime));
        if (!Console.IsOutputRedirected)
        {
            var expires = DateTimeOffset.UtcNow + settings.Lifetime;
            Console.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"token for '{settings.Name}' with {string.Join(", ", settings.Roles)}, valid until {expires:yyyy-MM-dd HH:mm} UTC (key {settings.Issuer.Origin})"));
        }

        return 0;
    }
}
