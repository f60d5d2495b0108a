using System.Globalization;
using System.Text;

namespace FinanceFlow.Infrastructure.MasterData;

/// <summary>Turns a record key into a Table key: case-folded (keys compare case-insensitively) and with the characters Table storage forbids escaped.</summary>
internal static class TableKeys
{
    /// <summary>Upper-cases the key and writes <c>/ \ # ? %</c> and control characters as <c>%XX</c>, so distinct keys stay distinct and readable.</summary>
    public static string Escape(string key)
    {
        var upper = key.ToUpperInvariant();
        if (!upper.Any(NeedsEscape))
        {
            return upper;
        }

        var escaped = new StringBuilder(upper.Length + 8);
        foreach (var c in upper)
        {
            if (NeedsEscape(c))
            {
                escaped.Append('%').Append(((int)c).ToString(c > 0xFF ? "X4" : "X2", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    private static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);
}
