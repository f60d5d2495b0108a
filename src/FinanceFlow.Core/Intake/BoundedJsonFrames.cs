using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace FinanceFlow.Core.Intake;

/// <summary>
/// The objects and arrays <see cref="BoundedJson"/> is inside, innermost last. Built for the common case, a valid body: a frame per depth is
/// reused, member names are compared as the body's own bytes (no string per name), and a pointer is only spelled out when an error names it.
/// </summary>
internal sealed class BoundedJsonFrames
{
    private static readonly byte[] Replacement = [0xEF, 0xBF, 0xBD];

    // One set per thread, reused between bodies unless a large body grew it.
    [ThreadStatic]
    private static BoundedJsonFrames? t_cached;

    private readonly List<Frame> _frames = [];

    // Names that had escapes, unescaped; a name refers to the body's bytes or to these.
    private byte[] _scratch = [];
    private int _scratchUsed;

    /// <summary>Frames for reading one body; give them back with <see cref="Return"/>.</summary>
    public static BoundedJsonFrames Rent()
    {
        var frames = t_cached ?? new BoundedJsonFrames();
        t_cached = null;
        return frames;
    }

    /// <summary>Keeps the frames for the thread's next body, unless a large body grew them.</summary>
    public static void Return(BoundedJsonFrames frames)
    {
        if (frames._scratch.Length <= 16 * 1024 && frames._frames.Count <= BoundedJson.MaxDepth && frames._frames.TrueForAll(f => f.IsSmall))
        {
            frames.Count = 0;
            frames._scratchUsed = 0;
            t_cached = frames;
        }
    }

    /// <summary>How many containers are open.</summary>
    public int Count { get; private set; }

    /// <summary>The innermost open container.</summary>
    public Frame Top => _frames[Count - 1];

    /// <summary>Opens an object or array inside the current one.</summary>
    public void Push(bool isArray)
    {
        if (Count == _frames.Count)
        {
            _frames.Add(new Frame());
        }

        _frames[Count++].Reset(isArray);
    }

    public void Pop() => Count--;

    /// <summary>Counts the value being read as the next item of the innermost array.</summary>
    public void Advance()
    {
        if (Count > 0 && Top.IsArray)
        {
            Top.Index++;
        }
    }

    /// <summary>The member name the reader is on, unescaped; false when it is not text (then it stands as U+FFFD).</summary>
    public bool TryReadName(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, out NameRef name)
    {
        if (!reader.ValueIsEscaped && body.Overlaps(reader.ValueSpan, out var offset))
        {
            name = new NameRef(offset, reader.ValueSpan.Length, InScratch: false);
            return Utf8.IsValid(reader.ValueSpan) || Invalid(out name);
        }

        Reserve(reader.ValueSpan.Length);
        try
        {
            var written = reader.CopyString(_scratch.AsSpan(_scratchUsed));
            name = new NameRef(_scratchUsed, written, InScratch: true);
            _scratchUsed += written;
            return Utf8.IsValid(Bytes(name, body)) || Invalid(out name);
        }
        catch (InvalidOperationException)
        {
            return Invalid(out name);
        }
    }

    /// <summary>Records a member name of the innermost object; false when the object already has it.</summary>
    public bool AddName(NameRef name, ReadOnlySpan<byte> body) => Top.AddName(name, body, this);

    /// <summary>The bytes of a name.</summary>
    public ReadOnlySpan<byte> Bytes(NameRef name, ReadOnlySpan<byte> body) =>
        (name.InScratch ? _scratch.AsSpan() : body).Slice(name.Start, name.Length);

    /// <summary>A name as a pointer segment: decoded, cut to <see cref="BoundedJson.MaxNameLength"/> characters, escaped.</summary>
    public string Segment(NameRef name, ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(Bytes(name, body));
        return BoundedJson.Escape(text.Length > BoundedJson.MaxNameLength ? text[..BoundedJson.MaxNameLength] : text);
    }

    /// <summary>The JSON pointer of the innermost container.</summary>
    public string ContainerPointer(ReadOnlySpan<byte> body) => Pointer(Count - 1, body);

    /// <summary>The JSON pointer of the value being read in the innermost container.</summary>
    public string ValuePointer(ReadOnlySpan<byte> body) => Count == 0 ? "" : Pointer(Count, body);

    // A container's pointer is the keys its ancestors are at now: while a child is open, its parent's key does not move.
    private string Pointer(int depth, ReadOnlySpan<byte> body)
    {
        var pointer = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            var frame = _frames[i];
            pointer.Append('/').Append(frame.IsArray
                ? frame.Index.ToString(CultureInfo.InvariantCulture)
                : frame.Name is { } name ? Segment(name, body) : "");
        }

        return pointer.ToString();
    }

    private bool Invalid(out NameRef name)
    {
        Reserve(Replacement.Length);
        Replacement.CopyTo(_scratch.AsSpan(_scratchUsed));
        name = new NameRef(_scratchUsed, Replacement.Length, InScratch: true);
        _scratchUsed += Replacement.Length;
        return false;
    }

    private void Reserve(int bytes)
    {
        if (_scratchUsed + bytes > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchUsed + bytes + 256));
        }
    }

    /// <summary>Where a member name's bytes are: in the body, or unescaped in the scratch buffer.</summary>
    internal readonly record struct NameRef(int Start, int Length, bool InScratch);

    /// <summary>An object or array being read: its member names (objects) or item index (arrays) so far.</summary>
    internal sealed class Frame
    {
        // Up to this many members the names are searched in a row; past it through a hash table over the same list. A table
        // grown past KeptSlots is dropped rather than cleared, since clearing costs its whole size for every object after it.
        private const int ListedNames = 16;
        private const int KeptSlots = 4096;

        private readonly List<NameRef> _names = [];
        private int[]? _slots;
        private bool _hashed;

        public bool IsArray { get; private set; }

        public int Index { get; set; }

        public NameRef? Name { get; set; }

        /// <summary>How many members the object has had so far.</summary>
        public int Members { get; private set; }

        /// <summary>Small enough to keep for the next body.</summary>
        public bool IsSmall => _names.Capacity <= 1024 && (_slots?.Length ?? 0) <= KeptSlots;

        public void Reset(bool isArray)
        {
            IsArray = isArray;
            Index = -1;
            Name = null;
            Members = 0;
            _names.Clear();
            if (_hashed)
            {
                if (_slots!.Length > KeptSlots)
                {
                    _slots = null;
                }
                else
                {
                    Array.Clear(_slots);
                }

                _hashed = false;
            }
        }

        public bool AddName(NameRef name, ReadOnlySpan<byte> body, BoundedJsonFrames frames)
        {
            Members++;
            var bytes = frames.Bytes(name, body);
            if (!_hashed)
            {
                foreach (var listed in _names)
                {
                    if (frames.Bytes(listed, body).SequenceEqual(bytes))
                    {
                        return false;
                    }
                }

                _names.Add(name);
                if (_names.Count > ListedNames)
                {
                    Rehash(body, frames, 64);
                }

                return true;
            }

            var mask = _slots!.Length - 1;
            for (var slot = Hash(bytes) & mask; _slots[slot] != 0; slot = (slot + 1) & mask)
            {
                if (frames.Bytes(_names[_slots[slot] - 1], body).SequenceEqual(bytes))
                {
                    return false;
                }
            }

            _names.Add(name);
            if (_names.Count * 2 > _slots.Length)
            {
                Rehash(body, frames, _slots.Length * 2);
            }
            else
            {
                Place(_names.Count - 1, bytes);
            }

            return true;
        }

        private void Rehash(ReadOnlySpan<byte> body, BoundedJsonFrames frames, int size)
        {
            if (_slots is null || _slots.Length < size)
            {
                _slots = new int[size];
            }
            else
            {
                Array.Clear(_slots);
            }

            _hashed = true;
            for (var i = 0; i < _names.Count; i++)
            {
                Place(i, frames.Bytes(_names[i], body));
            }
        }

        private void Place(int index, ReadOnlySpan<byte> bytes)
        {
            var mask = _slots!.Length - 1;
            var slot = Hash(bytes) & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = index + 1;
        }

        // HashCode is seeded per process: a sender cannot pick names that collide.
        private static int Hash(ReadOnlySpan<byte> bytes)
        {
            var hash = new HashCode();
            hash.AddBytes(bytes);
            return hash.ToHashCode() & int.MaxValue;
        }
    }
}
