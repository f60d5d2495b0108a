using System.Text;
using System.Text.Json;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.Posting;

/// <summary>
/// Our idempotency key at the ERP: one per report (not per version) and legal entity, one per card batch. Unambiguous: two
/// different reports, entities or batches never share a reference, because only a form that reads back to one owner is kept
/// plain; every other form ends in a hash of its parts, and a plain form never ends like one.
/// </summary>
public static class ExternalReference
{
    /// <summary>Longest reference produced; fits the document-number fields of the ERPs we post to.</summary>
    public const int MaxLength = 100;

    private const int HashLength = 12;

    /// <summary><c>FF-{SOURCE}-{reportId}</c> (e.g. <c>FF-EXPENSIFY-R123</c>): the journal of the report's own entity.</summary>
    /// <remarks>
    /// Plain when the id is letters, digits, <c>-</c> and <c>_</c>; otherwise (a <c>.</c>, characters that had to be replaced, a cut
    /// to <see cref="MaxLength"/>) a short hash of the whole key is appended, so "R/1", "R 1" and "R.1" never share one.
    /// </remarks>
    public static string For(ReportKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var raw = $"FF-{key.Source.ToUpperInvariant()}-{key.ReportId}";
        return IsPlainSource(key.Source)
            ? Finish(raw, IsPlainPart(key.ReportId, allowDot: false), raw)
            : Finish(raw, plain: false, Parts("report", key.Source, key.ReportId));
    }

    /// <summary><c>FF-{SOURCE}-{reportId}.{ENTITY}</c>: the journal of another legal entity of the same report.</summary>
    /// <remarks>The dot is the only one in a plain reference, so <c>R1</c> + <c>DE01</c> never equals report <c>R1-DE01</c> or <c>R1.DE01</c>.</remarks>
    public static string ForEntity(ReportKey key, string entity)
    {
        ArgumentNullException.ThrowIfNull(key);
        var raw = $"FF-{key.Source.ToUpperInvariant()}-{key.ReportId}.{entity}";
        var plain = IsPlainSource(key.Source) && IsPlainPart(key.ReportId, allowDot: false) && IsPlainPart(entity, allowDot: false);
        return Finish(raw, plain, Parts("entity", key.Source, key.ReportId, entity));
    }

    /// <summary><c>FF-CARDS-{entity}-{batchId}</c>: a card batch; plain when the entity is letters and digits only.</summary>
    public static string ForCardBatch(string entity, string batchId)
    {
        var raw = $"FF-CARDS-{entity}-{batchId}";
        var plain = entity.Length > 0 && entity.All(char.IsAsciiLetterOrDigit) && IsPlainPart(batchId, allowDot: true);
        return Finish(raw, plain, Parts(SourceNames.Cards, entity, batchId));
    }

    /// <summary>What <see cref="For"/> gave before references were made unambiguous (issue 11); null when it is the same.</summary>
    public static string? PreviousFor(ReportKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Changed(Legacy($"FF-{key.Source.ToUpperInvariant()}-{key.ReportId}"), For(key));
    }

    /// <summary>What <see cref="ForEntity"/> gave before (<c>FF-{SOURCE}-{reportId}-{entity}</c>); null when it is the same.</summary>
    public static string? PreviousForEntity(ReportKey key, string entity)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Changed(Legacy($"FF-{key.Source.ToUpperInvariant()}-{key.ReportId}-{entity}"), ForEntity(key, entity));
    }

    /// <summary>What <see cref="ForCardBatch"/> gave before; null when it is the same.</summary>
    public static string? PreviousForCardBatch(string entity, string batchId) =>
        Changed(Legacy($"FF-{SourceNames.Cards.ToUpperInvariant()}-{entity}-{batchId}"), ForCardBatch(entity, batchId));

    private static string Finish(string raw, bool plain, string hashInput)
    {
        if (plain && raw.Length <= MaxLength && !EndsLikeHash(raw))
        {
            return raw;
        }

        var suffix = "-" + Sha256.Hex(hashInput)[..HashLength];
        var safe = Sanitize(raw);
        var room = MaxLength - suffix.Length;
        return (safe.Length > room ? safe[..room] : safe) + suffix;
    }

    // Sources are lower-case names without '-', so "FF-{SOURCE}-" ends where the id starts; "cards" is the card batches' own namespace.
    private static bool IsPlainSource(string source) =>
        source.Length > 0 && source != SourceNames.Cards && source.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c));

    private static bool IsPlainPart(string value, bool allowDot) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (allowDot && c == '.'));

    private static bool EndsLikeHash(string value) =>
        value.Length > HashLength && value[^(HashLength + 1)] == '-' && value[^HashLength..].All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    // A JSON array keeps the parts apart whatever they contain, and never starts like a reference ("FF-").
    private static string Parts(params string[] parts) => JsonSerializer.Serialize(parts);

    private static string? Changed(string previous, string current) => string.Equals(previous, current, StringComparison.Ordinal) ? null : previous;

    /// <summary>The scheme before issue 11: the raw text when it was safe and short, else cut and suffixed with a hash of the raw text.</summary>
    private static string Legacy(string raw)
    {
        var safe = Sanitize(raw);
        if (safe == raw && safe.Length <= MaxLength)
        {
            return safe;
        }

        var suffix = "-" + Sha256.Hex(raw)[..HashLength];
        var room = MaxLength - suffix.Length;
        return (safe.Length > room ? safe[..room] : safe) + suffix;
    }

    private static string Sanitize(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }

        return builder.ToString();
    }
}
