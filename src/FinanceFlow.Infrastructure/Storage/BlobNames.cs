using System.Security.Cryptography;
using System.Text;

namespace FinanceFlow.Infrastructure.Storage;

/// <summary>Turns ids and file names into safe, unique blob name segments.</summary>
internal static class BlobNames
{
    private const int MaxReadableLength = 80;

    /// <summary>Plain values pass unchanged; others keep a readable prefix plus a hash of the original, so two ids never collide.</summary>
    public static string Segment(string value)
    {
        if (IsPlain(value))
        {
            return value;
        }

        var readable = new StringBuilder(Math.Min(value.Length, MaxReadableLength));
        foreach (var c in value)
        {
            if (readable.Length == MaxReadableLength)
            {
                break;
            }

            readable.Append(IsSafe(c) ? c : '_');
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16];
        var prefix = readable.ToString().Trim('.');
        return prefix.Length == 0 ? "h" + hash : $"{prefix}-{hash}";
    }

    private static bool IsPlain(string value) =>
        value.Length is > 0 and <= MaxReadableLength
        && value.All(IsSafe)
        && value[^1] != '.'
        && value[0] != '.';

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}
