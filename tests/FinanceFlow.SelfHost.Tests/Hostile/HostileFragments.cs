using System.Globalization;
using System.Text;
using CsCheck;

namespace FinanceFlow.SelfHost.Tests.Hostile;

/// <summary>A piece of raw JSON text (not necessarily valid JSON, not necessarily UTF-8) to put where a value goes.</summary>
public sealed record Fragment(string Kind, byte[] Bytes)
{
    public static Fragment Text(string kind, string json) => new(kind, Encoding.UTF8.GetBytes(json));
}

/// <summary>Generators of hostile values: wrong types, extreme numbers, strings Table storage cannot hold, broken encodings, pathological shapes.</summary>
public static class HostileFragments
{
    /// <summary>Numbers JSON allows but a decimal, an int or a double cannot hold faithfully.</summary>
    public static readonly string[] ExtremeNumbers =
    [
        "1e308", "-1e308", "1E+400", "-1e400", "-0", "-0.0", "0e-10", "1e-400", "4.9e-324", "1.7976931348623157e308",
        "79228162514264337593543950336", "-79228162514264337593543950336", "79228162514264337593543950335",
        "123456789012345678901234567890", "123456789012345678901234567890.12", "0.00000000000000000000000000000001",
        "1.00000000000000000000000000001", "2147483648", "-2147483649", "9223372036854775808", "1e28", "1e29", "12.345",
        "100.001", "0.1", "1" + new string('0', 400), "0." + new string('0', 400) + "1",
    ];

    /// <summary>Values of every other JSON type, and invalid literals.</summary>
    public static readonly string[] WrongTypes =
    [
        "null", "true", "false", "0", "-1", "1.5", "\"\"", "\" \"", "[]", "{}", "[null]", "[[]]", "{\"\":null}", "\"NaN\"", "\"Infinity\"",
        "\"-Infinity\"", "\"1e308\"", "\"0x10\"", "\"1,000.00\"", "\"2026-02-30\"", "\"2026-13-01T25:61:00Z\"", "\"9999-12-31T23:59:59+14:00\"",
        "\"0001-01-01T00:00:00-14:00\"", "NaN", "Infinity", "-Infinity", "undefined", "nul", "tru", "01", "+1", ".5", "1.", "1e", "0x1F",
    ];

    /// <summary>Characters Table storage refuses in keys, path characters, control characters and other text that breaks naive code.</summary>
    public static readonly string[] KeyHostile =
    [
        "\"a/b\"", "\"a\\\\b\"", "\"#1\"", "\"?x=1\"", "\"..\"", "\".\"", "\"../../etc/passwd\"", "\"\\u0000\"", "\"a\\u0001b\\u001f\"", "\"\\u007f\"",
        "\"\\u0085\"", "\"\\u2028\\u2029\"", "\"\\ufffe\\uffff\"", "\"%2F%00\"", "\"a|b\"", "\"~1~0\"", "\"'\"", "\"\\\"\"", "\"<script>\"",
        "\"x; tag:value\"", "\"a:b, c:d\"", "\"line\\nbreak\"", "\"tab\\there\"", "\"  \"", "\"\\t\"", "\"US01/../DE01\"", "\"h\" ", "\"é\"",
        "\"\\ud83d\\ude00\"", "\"ß\"", "\"İ\"", "\"ﬀ\"", "\"$(rm -rf)\"", "\"{0}\"", "\"%s%n\"",
    ];

    /// <summary>Lone or reversed UTF-16 surrogates as JSON escapes: valid JSON, invalid text.</summary>
    public static readonly string[] LoneSurrogates =
    [
        "\"\\ud800\"", "\"\\udc00\"", "\"a\\ud800b\"", "\"\\ud800\\u0041\"", "\"\\uDBFF\"", "\"\\udc00\\ud800\"", "\"\\ud800\\ud800\"",
    ];

    /// <summary>Byte sequences that are not UTF-8: overlong forms, lone continuation bytes, encoded surrogates, truncated sequences.</summary>
    public static readonly byte[][] InvalidUtf8 =
    [
        [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xF0, 0x80, 0x80, 0xAF], [0x80], [0xBF], [0xFF], [0xFE], [0xFE, 0xFF],
        [0xED, 0xA0, 0x80], [0xED, 0xB0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xC3], [0x00], [0x1B],
    ];

    private static readonly (string Name, string Unit)[] LongAlphabets =
    [
        ("ascii", "a"), ("slash", "/"), ("backslash", "\\\\"), ("hash", "#"), ("question", "?"), ("control", "\\u0001"), ("nul", "\\u0000"),
        ("2-byte", "é"), ("3-byte", "€"), ("4-byte", "😀"), ("escaped-3-byte", "\\u20ac"), ("space", " "), ("quote", "\\\""),
    ];

    // Longer than a Table string property (64 KiB as UTF-16), a RowKey (1 KiB), a blob name; most under a 1 MiB body.
    private static readonly int[] LongLengths = [129, 257, 1025, 2049, 32_769, 65_537, 100_000, 250_000, 500_000];

    private static readonly int[] Depths = [63, 64, 65, 100, 1_000, 10_000, 100_000, 300_000];

    public static Gen<Fragment> WrongType { get; } = Gen.OneOf(WrongTypes).Select(t => Fragment.Text("wrong type " + t, t));

    public static Gen<Fragment> ExtremeNumber { get; } = Gen.OneOf(ExtremeNumbers).Select(n => Fragment.Text("extreme number " + Short(n), n));

    public static Gen<Fragment> KeyHostileString { get; } = Gen.OneOf(KeyHostile).Select(s => Fragment.Text("key-hostile string " + s, s));

    public static Gen<Fragment> LoneSurrogate { get; } = Gen.OneOf(LoneSurrogates).Select(s => Fragment.Text("lone surrogate " + s, s));

    /// <summary>A JSON string longer than any storage column or key, of one alphabet.</summary>
    public static Gen<Fragment> LongString { get; } =
        Gen.Select(Gen.Int[0, LongAlphabets.Length - 1], Gen.Int[0, LongLengths.Length - 1], (a, l) =>
        {
            var (name, unit) = LongAlphabets[a];
            var length = LongLengths[l];
            var text = new StringBuilder(length * unit.Length + 2).Append('"');
            for (var i = 0; i < length; i++)
            {
                text.Append(unit);
            }

            return Fragment.Text($"long {name} string x{length.ToString(CultureInfo.InvariantCulture)}", text.Append('"').ToString());
        });

    /// <summary>A JSON string holding bytes that are not UTF-8.</summary>
    public static Gen<Fragment> InvalidUtf8String { get; } =
        Gen.Int[0, InvalidUtf8.Length - 1].Select(i => new Fragment(
            $"invalid UTF-8 {Convert.ToHexString(InvalidUtf8[i])} in a string", [(byte)'"', (byte)'a', .. InvalidUtf8[i], (byte)'b', (byte)'"']));

    /// <summary>Arrays or objects nested thousands deep; some closed, some not.</summary>
    public static Gen<Fragment> DeepNesting { get; } =
        Gen.Select(Gen.Int[0, Depths.Length - 1], Gen.Int[0, 2], (d, shape) => Nested(Depths[d], shape));

    /// <summary>Arrays of up to 100,000 small items and objects of up to 50,000 members.</summary>
    public static Gen<Fragment> HugeCollection { get; } =
        Gen.Select(Gen.OneOf("1", "null", "{}", "\"x\"", "[]", "{\"lineId\":1}", "-0", "1e308"), Gen.OneOf(1_000, 10_000, 100_000), Gen.Bool, (item, count, wide) =>
        {
            var text = new StringBuilder();
            if (wide)
            {
                var members = Math.Min(count, 50_000);
                text.Append('{');
                for (var i = 0; i < members; i++)
                {
                    text.Append(i == 0 ? "" : ",").Append("\"k").Append(i.ToString(CultureInfo.InvariantCulture)).Append("\":").Append(item);
                }

                return Fragment.Text($"object of {members} members {item}", text.Append('}').ToString());
            }

            var fitting = Math.Min(count, 900_000 / (item.Length + 1));
            text.Append('[');
            for (var i = 0; i < fitting; i++)
            {
                text.Append(i == 0 ? "" : ",").Append(item);
            }

            return Fragment.Text($"array of {fitting} x {item}", text.Append(']').ToString());
        });

    /// <summary>An object of many members whose names are as long as allowed and not ASCII: every error about them quotes a long pointer that JSON escapes six-fold.</summary>
    public static Gen<Fragment> LongNames { get; } =
        Gen.Select(Gen.OneOf("€", "é", "\\u0001", "😀"), Gen.OneOf(20, 200), (unit, count) =>
        {
            var name = string.Concat(Enumerable.Repeat(unit, unit == "😀" ? 120 : 250));
            var members = Enumerable.Range(0, count).Select(i => $"\"{name}{i.ToString(CultureInfo.InvariantCulture)}\":1");
            return Fragment.Text($"object of {count} members named {unit} x250", "{" + string.Join(",", members) + "}");
        });

    /// <summary>Every kind of hostile value, weighted towards the cheap ones.</summary>
    public static Gen<Fragment> Any { get; } = Gen.Frequency(
        (6, WrongType), (5, ExtremeNumber), (5, KeyHostileString), (3, LoneSurrogate), (4, LongString), (3, InvalidUtf8String),
        (2, DeepNesting), (2, HugeCollection), (1, LongNames));

    private static Fragment Nested(int depth, int shape)
    {
        var (open, close, name) = shape switch
        {
            0 => ("[", "]", "arrays"),
            1 => ("{\"a\":", "}", "objects"),
            _ => ("[", "", "unclosed arrays"),
        };
        var text = new StringBuilder(depth * (open.Length + close.Length) + 1);
        for (var i = 0; i < depth; i++)
        {
            text.Append(open);
        }

        text.Append(shape == 1 ? "1" : "");
        for (var i = 0; i < depth; i++)
        {
            text.Append(close);
        }

        return Fragment.Text($"{depth.ToString(CultureInfo.InvariantCulture)} nested {name}", text.ToString());
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
