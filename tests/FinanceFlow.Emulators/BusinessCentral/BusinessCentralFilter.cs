using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FinanceFlow.Emulators.BusinessCentral;

/// <summary>
/// The OData <c>$filter</c> forms the emulator understands: <c>f eq 'v'</c>, <c>f ne 'v'</c>, <c>f eq</c> an unquoted GUID literal
/// (compared as a GUID, e.g. <c>parentId eq 0a077d18-45e3-ea11-bb43-000d3a2feca1</c>), <c>f ge</c> / <c>f le</c> an unquoted date literal
/// (e.g. <c>postingDate ge 2026-12-01</c>), <c>startswith(f,'v')</c>, joined by <c>and</c>.
/// </summary>
public static partial class BusinessCentralFilter
{
    public static bool Matches(JsonObject item, string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return true;
        }

        var position = 0;
        while (true)
        {
            var match = Clause().Match(filter, position);
            if (!match.Success || match.Index != position)
            {
                throw new FormatException($"Bad Request - Error in query syntax at position {position} in '{filter}'.");
            }

            var field = match.Groups["field"].Success ? match.Groups["field"].Value : match.Groups["dfield"].Success ? match.Groups["dfield"].Value : match.Groups["sfield"].Value;
            var value = (match.Groups["value"].Success ? match.Groups["value"].Value : match.Groups["svalue"].Value).Replace("''", "'", StringComparison.Ordinal);
            var actual = BusinessCentralStore.Text(item, field);
            var guid = match.Groups["guid"].Success && Guid.TryParse(actual, out var id) && id == Guid.Parse(match.Groups["guid"].Value);
            var holds = (match.Groups["op"].Value, match.Groups["guid"].Success) switch
            {
                ("ge", _) => string.CompareOrdinal(actual, match.Groups["date"].Value) >= 0,
                ("le", _) => string.CompareOrdinal(actual, match.Groups["date"].Value) <= 0,
                ("eq", true) => guid,
                ("ne", true) => !guid,
                ("eq", _) => actual == value,
                ("ne", _) => actual != value,
                _ => actual.StartsWith(value, StringComparison.Ordinal),
            };
            if (!holds)
            {
                return false;
            }

            position = match.Index + match.Length;
            if (position == filter.Length)
            {
                return true;
            }

            if (!filter[position..].StartsWith(" and ", StringComparison.Ordinal))
            {
                throw new FormatException($"Bad Request - Error in query syntax at position {position} in '{filter}'.");
            }

            position += 5;
        }
    }

    [GeneratedRegex(@"(?<field>\w+) (?<op>eq|ne) (?:'(?<value>(?:[^']|'')*)'|(?<guid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}))|(?<dfield>\w+) (?<op>ge|le) (?<date>\d{4}-\d{2}-\d{2})|(?<op>startswith)\((?<sfield>\w+),'(?<svalue>(?:[^']|'')*)'\)")]
    private static partial Regex Clause();
}
