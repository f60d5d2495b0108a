using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace FinanceFlow.Connectors.Concur;

/// <summary>
/// The member names one object type of an FIS document carries, as the serializer spells them (camel case). A name is found by a hash
/// that ignores ASCII case, so a name the serializer would match without regard to case, but spelled otherwise, is told apart.
/// </summary>
internal sealed class ConcurFieldNames
{
    /// <summary>How many fields the table holds.</summary>
    public int Count => _names.Length;

    /// <summary><see cref="Find"/>'s answer for a name the table does not hold.</summary>
    public const int Unknown = -1;

    /// <summary><see cref="Find"/>'s answer for a name that differs from one of the table only in case.</summary>
    public const int OtherCase = -2;

    /// <summary>An object none of whose members is read.</summary>
    public static readonly ConcurFieldNames None = new();

    private readonly byte[][] _names;
    private readonly int[] _hashes;
    private readonly int[] _slots;

    public ConcurFieldNames(params string[] names)
    {
        if (names.Length > 64)
        {
            throw new ArgumentException("At most 64 fields: the reader marks the ones it has seen in one 64-bit word.", nameof(names));
        }

        _names = [.. names.Select(Encoding.ASCII.GetBytes)];
        _hashes = [.. _names.Select(n => TryHash(n, out var hash) ? hash : throw new ArgumentException($"'{Encoding.ASCII.GetString(n)}' is not ASCII.", nameof(names)))];
        _slots = new int[Math.Max(4, (int)BitOperations.RoundUpToPowerOf2((uint)names.Length * 4))];
        for (var i = 0; i < _names.Length; i++)
        {
            var mask = _slots.Length - 1;
            var slot = _hashes[i] & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = i + 1;
        }
    }

    /// <summary>The field's index, <see cref="Unknown"/>, or <see cref="OtherCase"/>; <paramref name="hash"/> is <see cref="TryHash"/>'s.</summary>
    public int Find(ReadOnlySpan<byte> name, int hash)
    {
        var mask = _slots.Length - 1;
        for (var slot = hash & mask; _slots[slot] != 0; slot = (slot + 1) & mask)
        {
            var i = _slots[slot] - 1;
            if (_hashes[i] == hash && name.Length == _names[i].Length)
            {
                if (name.SequenceEqual(_names[i]))
                {
                    return i;
                }

                if (Ascii.EqualsIgnoreCase(name, _names[i]))
                {
                    return OtherCase;
                }
            }
        }

        return Unknown;
    }

    /// <summary>
    /// A hash of the name that ignores ASCII case; false when the name is not all ASCII (the fast reader leaves those to the serializer,
    /// whose case-insensitive match of other letters it does not copy). Seeded per process like <see cref="HashCode"/>: a sender cannot
    /// pick names that collide.
    /// </summary>
    public static bool TryHash(ReadOnlySpan<byte> name, out int hash)
    {
        // Setting bit 5 of every byte folds A-Z onto a-z; it folds a few other pairs too, which only costs a comparison.
        const ulong Fold = 0x2020_2020_2020_2020;
        const ulong High = 0x8080_8080_8080_8080;
        var hasher = new HashCode();
        ulong seen = 0;
        var rest = name;
        while (rest.Length >= 8)
        {
            var word = BinaryPrimitives.ReadUInt64LittleEndian(rest);
            seen |= word;
            hasher.Add(word | Fold);
            rest = rest[8..];
        }

        ulong tail = 0;
        foreach (var b in rest)
        {
            seen |= b;
            tail = (tail << 8) | (uint)(b | 0x20);
        }

        hasher.Add(tail);
        hasher.Add(name.Length);
        hash = hasher.ToHashCode() & int.MaxValue;
        return (seen & High) == 0;
    }
}
