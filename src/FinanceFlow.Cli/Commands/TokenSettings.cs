using FinanceFlow.Cli.Http;

namespace FinanceFlow.Cli.Commands;

/// <summary>Options of <c>token</c>.</summary>
public sealed record TokenSettings(DevelopmentTokenIssuer Issuer, string Name, IReadOnlyList<string> Roles, TimeSpan Lifetime)
{
    public static TokenSettings From(CommandLineOptions options)
    {
        var roles = DevelopmentTokenIssuer.KnownRoles(options.Strings("role"));
        var name = options.RequiredString("name");
        var keyFile = options.String("signing-key-file");
        var lifetime = TimeSpan.FromHours(options.Number("hours", 8, 0.01, 24 * 30));
        options.RejectUnknown();
        if (roles.Count == 0)
        {
            throw new UsageException("Option --role is required (repeat it for several roles).");
        }

        var issuer = DevelopmentTokenIssuer.Find(keyFile)
            ?? throw new UsageException($"No signing key found: give {DevelopmentTokenIssuer.KeyLookup}.");
        return new TokenSettings(issuer, name, roles, lifetime);
    }
}
