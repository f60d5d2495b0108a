using System.Net;
using System.Text.RegularExpressions;

namespace FinanceFlow.Core.Attachments;

/// <summary>
/// The hosts a source's receipts may be fetched from (<c>FinanceFlow:Sources:{source}:ReceiptHosts</c>): exact names such as
/// <c>www.expensify.com</c>, or <c>*.example.com</c> for every name below <c>example.com</c> (not <c>example.com</c> itself).
/// </summary>
public static partial class ReceiptHosts
{
    /// <summary>True when <paramref name="host"/> is one of <paramref name="allowed"/> or below one of its wildcards.</summary>
    public static bool Allows(IEnumerable<string> allowed, string host)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var name = Normalize(host);
        var isAddress = IPAddress.TryParse(name, out var address);
        foreach (var entry in allowed)
        {
            var pattern = Normalize(entry);
            if (isAddress)
            {
                // An address is listed as an address: ::ffff:a9fe:a9fe and ::ffff:169.254.169.254 are the same one.
                if (IPAddress.TryParse(pattern, out var listed) && listed.Equals(address))
                {
                    return true;
                }
            }
            else if (string.Equals(pattern, name, StringComparison.Ordinal)
                || (pattern.StartsWith("*.", StringComparison.Ordinal) && name.Length > pattern.Length - 1 && name.EndsWith(pattern[1..], StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Why <paramref name="entry"/> cannot be an allowed host, or null when it can.</summary>
    public static string? Problem(string? entry)
    {
        var value = Normalize(entry ?? string.Empty);
        if (value.Length == 0)
        {
            return "an entry is empty";
        }

        if (IPAddress.TryParse(value, out _))
        {
            return null;
        }

        if (value.StartsWith('*'))
        {
            var domain = value.StartsWith("*.", StringComparison.Ordinal) ? value[2..] : string.Empty;
            return HostName().IsMatch(domain) && domain.Contains('.', StringComparison.Ordinal)
                ? null
                : $"'{entry}' is not '*.' followed by a domain of at least two labels, e.g. *.example.com";
        }

        return HostName().IsMatch(value) ? null : $"'{entry}' is not a host name, '*.domain' or an IP address";
    }

    /// <summary>Lower case, without the brackets of an IPv6 literal or a trailing dot.</summary>
    public static string Normalize(string host) =>
        host.Trim().Trim('[', ']').TrimEnd('.').ToLowerInvariant();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();
}
