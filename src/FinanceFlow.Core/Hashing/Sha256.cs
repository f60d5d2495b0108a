using System.Security.Cryptography;
using System.Text;

namespace FinanceFlow.Core.Hashing;

/// <summary>SHA-256 as lowercase hex: the one digest format FinanceFlow stores and compares.</summary>
public static class Sha256
{
    /// <summary>Digest of raw bytes, 64 lowercase hex characters.</summary>
    public static string Hex(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>Digest of a string's UTF-8 bytes, 64 lowercase hex characters.</summary>
    public static string Hex(string text) => Hex(Encoding.UTF8.GetBytes(text));
}
