using FinanceFlow.Cli.Commands;
using FinanceFlow.Core.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FinanceFlow.Cli.Http;

/// <summary>
/// Mints development tokens the self-host accepts: HS256 with the key run.sh generates (the
/// <c>Authentication:Schemes:Bearer:SigningKeys:0:Value</c> it gives the host, as <c>dotnet user-jwts</c> writes it), issuer and
/// audience from <see cref="DevelopmentTokens"/>, the name in <c>sub</c> and <c>preferred_username</c>, the roles in <c>roles</c>.
/// </summary>
public sealed class DevelopmentTokenIssuer
{
    public const string KeyFileVariable = "FINANCEFLOW_SIGNING_KEY_FILE";

    /// <summary>Where run.sh keeps the key, relative to the directory the CLI runs in.</summary>
    public const string DefaultKeyFile = ".local/dev-signing-key";

    // HS256 wants a key at least as long as its hash; Microsoft.IdentityModel refuses shorter ones.
    private const int MinimumKeyBytes = 32;

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly SigningCredentials _credentials;
    private readonly TimeProvider _time;

    public DevelopmentTokenIssuer(byte[] key, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinimumKeyBytes)
        {
            throw new UsageException($"The signing key has {key.Length} bytes; HS256 needs at least {MinimumKeyBytes} (openssl rand -base64 32).");
        }

        _credentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Where this key came from, for messages.</summary>
    public string? Origin { get; init; }

    /// <summary>A signed token for <paramref name="name"/> with <paramref name="roles"/> (names of <see cref="FinanceFlowRoles"/>), valid from now.</summary>
    public string Issue(string name, IEnumerable<string> roles, TimeSpan lifetime)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new UsageException("A token needs a name (--name, or --actor for the commands).");
        }

        var known = KnownRoles(roles);
        if (known.Count == 0)
        {
            throw new UsageException($"A token needs at least one role: {string.Join(", ", FinanceFlowRoles.All)}.");
        }

        var now = _time.GetUtcNow().UtcDateTime;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = DevelopmentTokens.Issuer,
            Audience = DevelopmentTokens.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["sub"] = name,
                ["preferred_username"] = name,

                // An array even for one role: Entra ID writes app roles that way, and the host reads an array.
                [DevelopmentTokens.RoleClaim] = known.ToArray(),
            },
        });
    }

    /// <summary>The roles in their canonical spelling, each once; an unknown name is refused naming the known ones.</summary>
    public static IReadOnlyList<string> KnownRoles(IEnumerable<string> roles)
    {
        var known = new List<string>();
        foreach (var role in roles.SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var match = FinanceFlowRoles.All.FirstOrDefault(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase))
                ?? throw new UsageException($"Unknown role '{role}'. The roles are: {string.Join(", ", FinanceFlowRoles.All)}.");
            if (!known.Contains(match, StringComparer.Ordinal))
            {
                known.Add(match);
            }
        }

        return known;
    }

    /// <summary>
    /// The issuer for the key in <paramref name="keyFile"/> (<c>--signing-key-file</c>), else in the file
    /// <c>FINANCEFLOW_SIGNING_KEY_FILE</c> names, else in <c>.local/dev-signing-key</c> when it exists; null when none is found.
    /// A file named explicitly must exist.
    /// </summary>
    public static DevelopmentTokenIssuer? Find(string? keyFile, TimeProvider? time = null)
    {
        var (path, named) = keyFile is not null
            ? (keyFile, "--signing-key-file")
            : Environment.GetEnvironmentVariable(KeyFileVariable) is { Length: > 0 } fromEnvironment
                ? (fromEnvironment, KeyFileVariable)
                : (DefaultKeyFile, null);
        if (!File.Exists(path))
        {
            return named is null ? null : throw new UsageException($"The signing key file '{path}' ({named}) does not exist.");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        catch (FormatException)
        {
            throw new UsageException($"The signing key file '{path}' does not hold a base64 key (openssl rand -base64 32 writes one).");
        }

        return new DevelopmentTokenIssuer(key, time) { Origin = path };
    }

    /// <summary>Where a signing key is looked for, for messages.</summary>
    public static string KeyLookup => $"--signing-key-file PATH, the file {KeyFileVariable} names, or {DefaultKeyFile} (run.sh writes it)";
}
