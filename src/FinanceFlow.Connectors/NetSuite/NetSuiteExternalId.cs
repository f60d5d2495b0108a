using System.Security.Cryptography;
using System.Text;

namespace FinanceFlow.Connectors.NetSuite;

/// <summary>
/// Our external reference as a NetSuite external id. NetSuite's help ("Using External IDs") allows letters, digits, <c>_</c> and
/// <c>-</c>; FinanceFlow keeps external ids to <see cref="MaxLength"/> characters. A reference that fits is used as it is; any other
/// (a <c>.</c> as in <c>FF-EXPENSIFY-R1.DE01</c>, or too long) becomes its allowed characters, cut, plus <c>-h</c> and 16 hex
/// digits of its SHA-256: deterministic, so every retry and every read names the same record. The full reference starts the
/// record's <c>memo</c>, where <see cref="ReferenceOf"/> finds it again.
/// </summary>
public static class NetSuiteExternalId
{
    /// <summary>FinanceFlow's bound; the help pages at hand do not state NetSuite's own limit, which is not lower than this.</summary>
    public const int MaxLength = 64;

    private const int HashLength = 16;

    /// <summary>The external id for <paramref name="reference"/>.</summary>
    public static string For(string reference)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        if (reference.Length <= MaxLength && reference.All(Allowed))
        {
            return reference;
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(reference)))[..HashLength];
        var kept = new string([.. reference.Select(c => Allowed(c) ? c : '_')]);
        var room = MaxLength - HashLength - 2;
        return (kept.Length > room ? kept[..room] : kept) + "-h" + hash;
    }

    /// <summary>
    /// Our reference behind <paramref name="externalId"/>: the start of <paramref name="memo"/> whose external id it is (the memo
    /// FinanceFlow wrote begins with the full reference and a space); the external id itself when the memo does not say.
    /// </summary>
    public static string ReferenceOf(string externalId, string? memo)
    {
        if (!string.IsNullOrEmpty(memo))
        {
            for (var end = memo.IndexOf(' ', StringComparison.Ordinal); ; end = memo.IndexOf(' ', end + 1))
            {
                var candidate = end < 0 ? memo : memo[..end];
                if (candidate.Length > 0 && string.Equals(For(candidate), externalId, StringComparison.OrdinalIgnoreCase))
                {
                    return candidate;
                }

                if (end < 0)
                {
                    break;
                }
            }
        }

        return externalId;
    }

    /// <summary>True when <paramref name="value"/> is a valid external id (the characters NetSuite allows, within <see cref="MaxLength"/>).</summary>
    public static bool IsValid(string? value) => !string.IsNullOrEmpty(value) && value.Length <= MaxLength && value.All(Allowed);

    private static bool Allowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
}
