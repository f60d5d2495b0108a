using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace FinanceFlow.Core.Attachments;

/// <summary>
/// Which addresses FinanceFlow may open a connection to for a receipt: public unicast only. Loopback, private (10/8,
/// 172.16/12, 192.168/16, fc00::/7), shared (100.64/10), link-local (169.254/16 with the cloud metadata endpoint, fe80::/10),
/// unspecified, multicast, broadcast, reserved and documentation ranges are refused, also when written as IPv4-mapped
/// (::ffff:a.b.c.d), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) IPv6.
/// </summary>
public static class OutboundAddress
{
    private static readonly (uint Prefix, int Bits)[] RefusedV4 =
    [
        (0x00000000, 8),   // 0.0.0.0/8 "this network", unspecified
        (0x0A000000, 8),   // 10.0.0.0/8 private
        (0x64400000, 10),  // 100.64.0.0/10 shared address space (CGNAT)
        (0x7F000000, 8),   // 127.0.0.0/8 loopback
        (0xA9FE0000, 16),  // 169.254.0.0/16 link-local, 169.254.169.254 cloud metadata
        (0xAC100000, 12),  // 172.16.0.0/12 private
        (0xC0000000, 24),  // 192.0.0.0/24 IETF protocol assignments
        (0xC0000200, 24),  // 192.0.2.0/24 documentation
        (0xC0586300, 24),  // 192.88.99.0/24 6to4 relay anycast
        (0xC0A80000, 16),  // 192.168.0.0/16 private
        (0xC6120000, 15),  // 198.18.0.0/15 benchmarking
        (0xC6336400, 24),  // 198.51.100.0/24 documentation
        (0xCB007100, 24),  // 203.0.113.0/24 documentation
        (0xE0000000, 4),   // 224.0.0.0/4 multicast
        (0xF0000000, 4),   // 240.0.0.0/4 reserved, 255.255.255.255 broadcast
    ];

    /// <summary>True when a receipt may be fetched from <paramref name="address"/>; loopback only when <paramref name="allowLoopback"/> (local runs and tests).</summary>
    public static bool MayConnect(IPAddress address, bool allowLoopback)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return allowLoopback;
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPublicV6(address.GetAddressBytes()),
            _ => false,
        };
    }

    private static bool IsPublicV4(ReadOnlySpan<byte> bytes)
    {
        var value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        foreach (var (prefix, bits) in RefusedV4)
        {
            var mask = uint.MaxValue << (32 - bits);
            if ((value & mask) == prefix)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPublicV6(byte[] bytes)
    {
        // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last four bytes.
        if (bytes.AsSpan(0, 12).SequenceEqual(new byte[] { 0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0 }))
        {
            return IsPublicV4(bytes.AsSpan(12, 4));
        }

        // Global unicast is 2000::/3; everything else (::, ::1, IPv4-compatible, fc00::/7, fe80::/10, fec0::/10, ff00::/8) is not.
        if ((bytes[0] & 0xE0) != 0x20)
        {
            return false;
        }

        return (bytes[0], bytes[1], bytes[2], bytes[3]) switch
        {
            (0x20, 0x02, _, _) => IsPublicV4(bytes.AsSpan(2, 4)), // 6to4 2002::/16 embeds an IPv4 address
            (0x20, 0x01, 0x00, 0x00) => false,                   // Teredo 2001::/32
            (0x20, 0x01, 0x0D, 0xB8) => false,                   // documentation 2001:db8::/32
            _ => true,
        };
    }
}
