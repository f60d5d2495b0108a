using System.Globalization;
using System.Text;
using System.Text.Json;
using FinanceFlow.Core.Journal;

namespace FinanceFlow.Connectors.Hledger;

/// <summary>Writes a <see cref="JournalEntry"/> as the transaction JSON hledger-web 1.25 takes on <c>PUT /add</c> (every key it requires).</summary>
internal static class HledgerTransactionJson
{
    private const int MinimumPrecision = 2;

    /// <summary>Why hledger could not store the entry as text that reads back the same, or null when it can.</summary>
    public static string? Problem(JournalEntry entry)
    {
        if (string.IsNullOrWhiteSpace(entry.ExternalReference) || entry.ExternalReference.Any(c => c is ')' or '(' || char.IsControl(c)))
        {
            return $"The reference '{entry.ExternalReference}' cannot be a hledger transaction code (empty, parentheses or control characters).";
        }

        if (string.IsNullOrWhiteSpace(entry.Currency) || !entry.Currency.All(char.IsAsciiLetter))
        {
            return $"The currency '{entry.Currency}' is not an ISO 4217 code.";
        }

        var badAccount = entry.Lines.FirstOrDefault(l => !IsSafeAccount(l.Account));
        return badAccount is null ? null
            : $"The account '{badAccount.Account}' cannot be written to a hledger journal: account names are segments of letters, digits, "
                + "single spaces and . _ - & ' / separated by ':' (no brackets, parentheses, ';', tabs or two spaces).";
    }

    /// <summary>
    /// True for an account name journal syntax reads back as the same account: colon-separated segments, each starting with a letter or
    /// digit, of letters, digits, single spaces and <c>. _ - &amp; ' /</c>. Two spaces or a tab end an account name, a leading
    /// bracket or parenthesis makes a virtual posting, <c>;</c> starts a comment.
    /// </summary>
    public static bool IsSafeAccount(string account)
    {
        if (string.IsNullOrEmpty(account) || account.Length > 200 || account.Contains("  ", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var segment in account.Split(':'))
        {
            if (segment.Length == 0 || !char.IsLetterOrDigit(segment[0]) || segment[^1] == ' '
                || !segment.All(c => char.IsLetterOrDigit(c) || c is ' ' or '.' or '_' or '-' or '&' or '\'' or '/'))
            {
                return false;
            }
        }

        return true;
    }

    public static byte[] Serialize(JournalEntry entry, string comment)
    {
        var precision = Math.Max(MinimumPrecision, entry.Lines.Max(l => (int)(l.Debit - l.Credit).Scale));
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("tdate", entry.AccountingDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("tstatus", "Unmarked");
            json.WriteString("tcode", entry.ExternalReference);
            json.WriteString("tdescription", Description(entry.Description));
            json.WriteString("tcomment", comment);
            json.WriteStartArray("ttags");
            json.WriteEndArray();
            json.WriteNumber("tindex", 0);
            json.WriteString("tprecedingcomment", string.Empty);
            json.WriteStartArray("tsourcepos");
            for (var i = 0; i < 2; i++)
            {
                json.WriteStartObject();
                json.WriteString("sourceName", string.Empty);
                json.WriteNumber("sourceLine", 1);
                json.WriteNumber("sourceColumn", 1);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("tpostings");
            foreach (var line in entry.Lines)
            {
                WritePosting(json, line, entry.Currency, precision);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>A posting comment: <c>costcenter:CC-100, project:P-7, memo</c>; tag values stop at a comma, so commas are taken out of them.</summary>
    public static string PostingComment(JournalLine line)
    {
        var parts = new List<string>(3);
        if (!string.IsNullOrWhiteSpace(line.CostCenter))
        {
            parts.Add("costcenter:" + TagValue(line.CostCenter));
        }

        if (!string.IsNullOrWhiteSpace(line.Project))
        {
            parts.Add("project:" + TagValue(line.Project));
        }

        if (line.Fx is { } fx)
        {
            // The converted amount's origin: 50.00 USD @ 0.9157 on 2026-11-18 from ECB.
            var units = Core.Model.Currencies.TryGetMinorUnits(fx.From, out var minor) ? minor : 2;
            var amount = fx.Amount.ToString("F" + units.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"fx:{amount} {fx.From} @ {fx.Rate} {fx.RateDate:yyyy-MM-dd} {TagValue(fx.RateSource)}"));
        }

        if (!string.IsNullOrWhiteSpace(line.Memo))
        {
            parts.Add(Text(line.Memo));
        }

        return string.Join(", ", parts);
    }

    /// <summary>A tag value: one line, no comma (it ends the value) and no colon (it would start a tag of its own).</summary>
    public static string TagValue(string value) => Text(value).Replace(',', ' ').Trim();

    /// <summary>
    /// Free text in a comment (a memo): one line, and every ':' written as the look-alike U+A789, because hledger reads any
    /// <c>word:</c> in a comment as a tag — a memo must not add tags to the books.
    /// </summary>
    public static string Text(string value) => OneLine(value).Replace(':', '\uA789');

    /// <summary>The transaction description: one line, and no ';', which would start a comment (and tags) in the journal.</summary>
    public static string Description(string value) => OneLine(value).Replace(';', ',');

    public static string OneLine(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            text.Append(char.IsControl(c) ? ' ' : c);
        }

        return text.ToString().Trim();
    }

    private static void WritePosting(Utf8JsonWriter json, JournalLine line, string currency, int precision)
    {
        // Debits are positive, credits negative; hledger wants an integer mantissa and its decimal places.
        var amount = line.Debit - line.Credit;
        var mantissa = decimal.ToInt64(decimal.Round(amount * Pow10(precision), 0, MidpointRounding.ToEven));

        json.WriteStartObject();
        json.WriteString("paccount", line.Account);
        json.WriteStartArray("pamount");
        json.WriteStartObject();
        json.WriteString("acommodity", currency);
        json.WriteStartObject("aquantity");
        json.WriteNumber("decimalMantissa", mantissa);
        json.WriteNumber("decimalPlaces", precision);
        json.WriteEndObject();
        json.WriteStartObject("astyle");
        json.WriteString("ascommodityside", "L");
        json.WriteBoolean("ascommodityspaced", true);
        json.WriteString("asdecimalpoint", ".");
        json.WriteNull("asdigitgroups");
        json.WriteNumber("asprecision", precision);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteString("pstatus", "Unmarked");
        json.WriteString("pcomment", PostingComment(line));
        json.WriteString("ptype", "RegularPosting");
        json.WriteStartArray("ptags");
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static decimal Pow10(int places)
    {
        var result = 1m;
        for (var i = 0; i < places; i++)
        {
            result *= 10m;
        }

        return result;
    }
}
