using System.Security.Cryptography;
using System.Text;

namespace FinanceFlow.Connectors.S4Hana;

/// <summary>
/// How our external reference (up to 100 characters) lives in a journal entry whose DocumentReferenceID holds 16 upper-case
/// characters. A reference that fits as it is goes there unchanged; any other becomes <c>FF</c> plus 14 base32 characters of its
/// SHA-256 (deterministic, so every retry finds the same document). The full reference rides in the items' DocumentItemText
/// (50 characters): item <c>i</c> carries chunk <c>i mod n</c> of the reference cut into 50-character chunks, so two items hold
/// up to 100 characters. Reading back, the item texts are joined in item order until the join maps to the DocumentReferenceID:
/// only our own reference does, so a text someone edited never yields a wrong reference.
/// </summary>
public static class S4HanaReference
{
    public const int DocumentReferenceIdLength = 16;
    public const int ItemTextLength = 50;

    private const string HashPrefix = "FF";
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>The DocumentReferenceID the journal entry of <paramref name="reference"/> carries.</summary>
    public static string DocumentReferenceId(string reference)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);

        // SAP keeps DocumentReferenceID in upper case (display-format UpperCase), so a lower-case reference is hashed, not folded.
        if (reference.Length <= DocumentReferenceIdLength && reference.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '.' or '_' or '/'))
        {
            return reference;
        }

        return HashPrefix + Base32(SHA256.HashData(Encoding.UTF8.GetBytes(reference)))[..(DocumentReferenceIdLength - HashPrefix.Length)];
    }

    /// <summary>The DocumentItemText of the item at <paramref name="itemIndex"/> (0-based).</summary>
    public static string ItemText(string reference, int itemIndex)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        var chunks = (reference.Length + ItemTextLength - 1) / ItemTextLength;
        var chunk = itemIndex % chunks;
        return reference.Substring(chunk * ItemTextLength, Math.Min(ItemTextLength, reference.Length - (chunk * ItemTextLength)));
    }

    /// <summary>How many items a journal needs to carry the whole reference.</summary>
    public static int ItemsNeeded(string reference) => (reference.Length + ItemTextLength - 1) / ItemTextLength;

    /// <summary>
    /// Our full reference from a journal entry's DocumentReferenceID and its item texts in item order; null when the texts do not
    /// give back a reference that maps to the ID (then the ID itself is the reference only when it needed no mapping).
    /// </summary>
    public static string? Recover(string? documentReferenceId, IEnumerable<string?> itemTextsInOrder)
    {
        if (string.IsNullOrEmpty(documentReferenceId))
        {
            return null;
        }

        var joined = new StringBuilder();
        foreach (var text in itemTextsInOrder)
        {
            if (string.IsNullOrEmpty(text))
            {
                break;
            }

            joined.Append(text);
            var candidate = joined.ToString();
            if (DocumentReferenceId(candidate) == documentReferenceId)
            {
                return candidate;
            }
        }

        return DocumentReferenceId(documentReferenceId) == documentReferenceId && !IsHashed(documentReferenceId) ? documentReferenceId : null;
    }

    /// <summary>True when <paramref name="documentReferenceId"/> has the hashed form (<c>FF</c> and 14 base32 characters, no dash).</summary>
    public static bool IsHashed(string documentReferenceId) =>
        documentReferenceId.Length == DocumentReferenceIdLength && documentReferenceId.StartsWith(HashPrefix, StringComparison.Ordinal)
        && documentReferenceId.Skip(HashPrefix.Length).All(Base32Alphabet.Contains);

    private static string Base32(byte[] bytes)
    {
        var text = new StringBuilder((bytes.Length * 8 / 5) + 1);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Base32Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        return text.ToString();
    }
}
