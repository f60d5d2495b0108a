namespace FinanceFlow.Connectors.Concur;

/// <summary>
/// The member names of one document that no field reads, by object, so a name given twice in an object is caught in the same pass. One
/// table for the whole document (objects told apart by a serial number) means nothing is cleared between objects.
/// </summary>
internal sealed class ConcurNameSet
{
    private const int KeptSlots = 16 * 1024;

    // One set per thread, reused between documents unless a large one grew it.
    [ThreadStatic]
    private static ConcurNameSet? t_cached;

    private int[] _slots = new int[1024];
    private Entry[] _entries = new Entry[512];
    private int _count;

    /// <summary>An empty set; give it back with <see cref="Return"/>.</summary>
    public static ConcurNameSet Rent()
    {
        var set = t_cached ?? new ConcurNameSet();
        t_cached = null;
        return set;
    }

    /// <summary>Empties the set and keeps it for the thread's next document, unless it grew large.</summary>
    public static void Return(ConcurNameSet set)
    {
        if (set._slots.Length <= KeptSlots)
        {
            Array.Clear(set._slots);
            set._count = 0;
            t_cached = set;
        }
    }

    /// <summary>Records a name (<paramref name="start"/> and <paramref name="length"/> in <paramref name="body"/>) of an object; false when the object already has it.</summary>
    public bool Add(int objectId, int hash, int start, int length, ReadOnlySpan<byte> body)
    {
        var key = HashCode.Combine(hash, objectId) & int.MaxValue;
        var name = body.Slice(start, length);
        var mask = _slots.Length - 1;
        var slot = key & mask;
        for (; _slots[slot] != 0; slot = (slot + 1) & mask)
        {
            ref var entry = ref _entries[_slots[slot] - 1];
            if (entry.Key == key && entry.ObjectId == objectId && entry.Length == length && body.Slice(entry.Start, length).SequenceEqual(name))
            {
                return false;
            }
        }

        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        _entries[_count++] = new Entry(key, objectId, start, length);
        _slots[slot] = _count;
        if (_count * 2 > _slots.Length)
        {
            Grow();
        }

        return true;
    }

    private void Grow()
    {
        _slots = new int[_slots.Length * 2];
        var mask = _slots.Length - 1;
        for (var i = 0; i < _count; i++)
        {
            var slot = _entries[i].Key & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = i + 1;
        }
    }

    private readonly record struct Entry(int Key, int ObjectId, int Start, int Length);
}
