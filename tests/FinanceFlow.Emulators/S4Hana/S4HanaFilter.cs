using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FinanceFlow.Emulators.S4Hana;

/// <summary>
/// An OData V2 <c>$filter</c> as the emulator understands it: clauses joined by <c>and</c> and <c>or</c> (<c>and</c> binds
/// tighter), with parentheses.
/// </summary>
public abstract partial record S4HanaFilter
{
    public abstract bool Matches(JsonObject row);

    /// <summary>Every clause of the filter, for the check that each names a known property.</summary>
    public abstract IEnumerable<S4HanaFilterClause> Clauses { get; }

    /// <summary>Parses <paramref name="text"/>; an empty filter matches every row.</summary>
    public static bool TryParse(string text, out S4HanaFilter filter, out string problem)
    {
        var parser = new Parser(text);
        problem = string.Empty;
        filter = new All([]);
        if (text.Length == 0)
        {
            return true;
        }

        if (parser.Or() is { } parsed && parser.AtEnd)
        {
            filter = parsed;
            return true;
        }

        problem = $"Invalid filter expression: '{text}' at position {parser.Position}.";
        return false;
    }

    /// <summary>Parts that must all match.</summary>
    public sealed record All(IReadOnlyList<S4HanaFilter> Parts) : S4HanaFilter
    {
        public override bool Matches(JsonObject row) => Parts.All(p => p.Matches(row));

        public override IEnumerable<S4HanaFilterClause> Clauses => Parts.SelectMany(p => p.Clauses);
    }

    /// <summary>Parts of which one must match.</summary>
    public sealed record Any(IReadOnlyList<S4HanaFilter> Parts) : S4HanaFilter
    {
        public override bool Matches(JsonObject row) => Parts.Any(p => p.Matches(row));

        public override IEnumerable<S4HanaFilterClause> Clauses => Parts.SelectMany(p => p.Clauses);
    }

    private sealed partial class Parser(string text)
    {
        public int Position { get; private set; }

        public bool AtEnd => Position == text.Length;

        public S4HanaFilter? Or()
        {
            var parts = new List<S4HanaFilter>();
            do
            {
                if (And() is not { } part)
                {
                    return null;
                }

                parts.Add(part);
            }
            while (Skip(" or "));
            return parts.Count == 1 ? parts[0] : new Any(parts);
        }

        private S4HanaFilter? And()
        {
            var parts = new List<S4HanaFilter>();
            do
            {
                if (Primary() is not { } part)
                {
                    return null;
                }

                parts.Add(part);
            }
            while (Skip(" and "));
            return parts.Count == 1 ? parts[0] : new All(parts);
        }

        private S4HanaFilter? Primary()
        {
            if (Skip("("))
            {
                var inner = Or();
                return inner is not null && Skip(")") ? inner : null;
            }

            var match = ClauseRegex().Match(text, Position);
            if (!match.Success || match.Index != Position)
            {
                return null;
            }

            Position += match.Length;
            return match.Groups["field"].Success
                ? new S4HanaFilterClause(match.Groups["field"].Value, Unquote(match.Groups["value"].Value), StartsWith: false, Negated: match.Groups["cmp"].Value == "ne")
                : match.Groups["dfield"].Success
                    ? new S4HanaFilterClause(match.Groups["dfield"].Value, match.Groups["date"].Value, StartsWith: false, DateOperator: match.Groups["op"].Value)
                    : new S4HanaFilterClause(match.Groups["sfield"].Value, Unquote(match.Groups["svalue"].Value), StartsWith: true);
        }

        private bool Skip(string token)
        {
            if (string.CompareOrdinal(text, Position, token, 0, token.Length) != 0)
            {
                return false;
            }

            Position += token.Length;
            return true;
        }

        private static string Unquote(string value) => value.Replace("''", "'", StringComparison.Ordinal);

        [GeneratedRegex(@"(?<field>[A-Za-z]+) (?<cmp>eq|ne) '(?<value>(?:[^']|'')*)'|(?<dfield>[A-Za-z]+) (?<op>ge|le) datetime'(?<date>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)'|startswith\((?<sfield>[A-Za-z]+),'(?<svalue>(?:[^']|'')*)'\)")]
        private static partial Regex ClauseRegex();
    }
}

/// <summary>
/// One <c>$filter</c> clause: <c>Field eq|ne 'value'</c>, <c>startswith(Field,'value')</c>, or <c>Field ge|le datetime'yyyy-MM-ddTHH:mm[:ss]'</c>
/// (<paramref name="DateOperator"/>) on an Edm.DateTime field, which the rows hold as <c>/Date(ms)/</c>.
/// </summary>
public sealed record S4HanaFilterClause(string Field, string Value, bool StartsWith, string? DateOperator = null, bool Negated = false) : S4HanaFilter
{
    public override IEnumerable<S4HanaFilterClause> Clauses => [this];

    public override bool Matches(JsonObject row)
    {
        if (!row.TryGetPropertyValue(Field, out var node))
        {
            return false;
        }

        var text = node?.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node?.ToJsonString() ?? string.Empty;
        if (DateOperator is { } op)
        {
            // An Edm.DateTime as OData V2 JSON writes it, /Date(ms)/; null (no date) matches no comparison.
            if (!text.StartsWith("/Date(", StringComparison.Ordinal))
            {
                return false;
            }

            var held = long.Parse(text[6..text.IndexOf(')', StringComparison.Ordinal)], NumberStyles.Integer, CultureInfo.InvariantCulture);
            var bound = new DateTimeOffset(DateTime.Parse(Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)).ToUnixTimeMilliseconds();
            return op == "ge" ? held >= bound : held <= bound;
        }

        return StartsWith ? text.StartsWith(Value, StringComparison.Ordinal) : (text == Value) != Negated;
    }
}
