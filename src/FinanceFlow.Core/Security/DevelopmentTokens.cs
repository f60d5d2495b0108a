namespace FinanceFlow.Core.Security;

/// <summary>
/// The issuer and audience of development tokens: <c>run.sh</c> configures the self-host to accept tokens signed with a key it
/// generates (<c>Authentication:Schemes:Bearer:SigningKeys:0</c>, as <c>dotnet user-jwts</c> writes them), and the CLI mints them.
/// In Azure, tokens come from Microsoft Entra ID instead.
/// </summary>
public static class DevelopmentTokens
{
    public const string Issuer = "financeflow-dev";

    public const string Audience = "financeflow";

    /// <summary>The claims a principal's name is read from, first found first: <c>preferred_username</c>, <c>email</c>, <c>sub</c>.</summary>
    public static IReadOnlyList<string> NameClaims { get; } = ["preferred_username", "email", "sub"];

    /// <summary>The claim app roles come in.</summary>
    public const string RoleClaim = "roles";
}
