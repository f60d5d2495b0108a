using System.Security.Cryptography;
using System.Text;

namespace FinanceFlow.Connectors.BusinessCentral;

/// <summary>
/// How our external reference (up to 100 characters, mixed case) lands in Business Central's fields: <c>documentNumber</c> is
/// Code[20] (upper case) and the only one <c>generalLedgerEntries</c> can be filtered by; <c>externalDocumentNumber</c> and
/// <c>vendorInvoiceNumber</c> are Code[35]; a line's <c>description</c> is Text[100] and keeps the full reference first, so
/// read-backs give back our reference.
/// </summary>
public static class BusinessCentralReference
{
    public const int DocumentNumberLength = 20;

    public const int ExternalNumberLength = 35;

    public const int DescriptionLength = 100;

    private const string Prefix = "FF-";
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>
    /// The reference itself when it fits Code[20] unchanged (upper case, no spaces); otherwise <c>FF-</c> and 17 characters of
    /// its SHA-256 in base 32 (85 bits): the same reference always gives the same number, two references practically never one.
    /// </summary>
    public static string DocumentNumber(string reference) => Fits(reference, DocumentNumberLength) ? reference : Prefix + Hash(reference, DocumentNumberLength - Prefix.Length);

    /// <summary>The reference in upper case when it fits Code[35]; otherwise its first 17 characters, <c>~</c> and a 17-character hash.</summary>
    public static string ExternalNumber(string reference)
    {
        var upper = reference.ToUpperInvariant();
        if (upper.Length <= ExternalNumberLength && !upper.Contains(' ', StringComparison.Ordinal))
        {
            return upper;
        }

        const int hashLength = 17;
        return upper[..(ExternalNumberLength - hashLength - 1)].Replace(' ', '_') + "~" + Hash(reference, hashLength);
    }

    /// <summary>
    /// A line's description: the reference, then <c>CC:</c> cost center and <c>PRJ:</c> project (spaces written as <c>_</c>), then
    /// the memo, cut at 100 characters (the memo goes first, then the cost objects; the reference always fits).
    /// </summary>
    public static string Description(string reference, string? costCenter, string? project, string? memo)
    {
        var text = new StringBuilder(reference);
        if (Token(costCenter) is { } cc)
        {
            text.Append(" CC:").Append(cc);
        }

        if (Token(project) is { } prj)
        {
            text.Append(" PRJ:").Append(prj);
        }

        if (!string.IsNullOrWhiteSpace(memo))
        {
            text.Append(' ').Append(memo.Trim());
        }

        return text.Length <= DescriptionLength ? text.ToString() : text.ToString(0, DescriptionLength).TrimEnd();
    }

    /// <summary>
    /// Reads a line description back: our reference (the longest start of it whose document number is <paramref name="documentNumber"/>),
    /// the cost center and the project; the reference is null when the description is not one of ours.
    /// </summary>
    public static (string? Reference, string? CostCenter, string? Project, string Remainder) ReadDescription(string description, string documentNumber) =>
        ReadDescription(description, candidate => DocumentNumber(candidate) == documentNumber);

    /// <summary>As above, for a document whose number field holds <paramref name="isReference"/>'s mapping (e.g. a vendor invoice number).</summary>
    public static (string? Reference, string? CostCenter, string? Project, string Remainder) ReadDescription(string description, Func<string, bool> isReference)
    {
        var reference = References(description).FirstOrDefault(isReference);
        if (reference is null)
        {
            return (null, null, null, description);
        }

        string? costCenter = null, project = null;
        var rest = description[reference.Length..].TrimStart();
        while (true)
        {
            var end = rest.IndexOf(' ', StringComparison.Ordinal) is var space and >= 0 ? space : rest.Length;
            var token = rest[..end];
            if (costCenter is null && project is null && token.StartsWith("CC:", StringComparison.Ordinal) && token.Length > 3)
            {
                costCenter = token[3..];
            }
            else if (project is null && token.StartsWith("PRJ:", StringComparison.Ordinal) && token.Length > 4)
            {
                project = token[4..];
            }
            else
            {
                return (reference, costCenter, project, rest);
            }

            rest = rest[end..].TrimStart();
        }
    }

    /// <summary>A cost object as the description holds it (spaces as <c>_</c>); null when empty.</summary>
    public static string? Token(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().Replace(' ', '_');

    private static bool Fits(string reference, int length) =>
        reference.Length <= length && reference.Length > 0 && reference.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '.' or '_' or '/');

    // Longest first: the whole description, then each start that ends before a space.
    private static IEnumerable<string> References(string description)
    {
        yield return description;
        for (var i = description.Length - 1; i > 0; i--)
        {
            if (description[i] == ' ')
            {
                yield return description[..i];
            }
        }
    }

    private static string Hash(string reference, int length)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(reference));
        var text = new StringBuilder(length);
        var (buffer, bits) = (0, 0);
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5 && text.Length < length)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }

            buffer &= (1 << bits) - 1;
            if (text.Length == length)
            {
                break;
            }
        }

        return text.ToString();
    }
}
