using System.Globalization;
using System.Text;
using System.Text.Json;
using FinanceFlow.Core.Reconciliation;

namespace FinanceFlow.Workflows.Operations;

/// <summary>Which open items of the exception queue to list, and which page.</summary>
/// <param name="Kind">One of <see cref="ExceptionQueue.Kinds"/>, or null for all.</param>
/// <param name="Source">Items of this source only (case-insensitive), or null.</param>
/// <param name="Entity">Items concerning this legal entity only (case-insensitive), or null.</param>
/// <param name="OlderThan">Items whose status has not changed for at least this long, or null.</param>
/// <param name="Top">At most this many items on the page; null lists every match (as before paging existed).</param>
/// <param name="After">Where the previous page ended (its continuation token, read); null for the first page.</param>
public sealed record ExceptionFilter(
    string? Kind = null, string? Source = null, string? Entity = null, TimeSpan? OlderThan = null, int? Top = null, ExceptionCursor? After = null)
{
    /// <summary>The largest page.</summary>
    public const int MaxTop = 500;

    /// <summary>Every item.</summary>
    public static ExceptionFilter None { get; } = new();

    /// <summary>Whether <paramref name="item"/> passes the filters (not the page), <paramref name="now"/> being the age's reference.</summary>
    public bool Matches(OpenItem item, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        return (Kind is null || item.Kind == Kind)
            && (Source is null || string.Equals(item.Source, Source, StringComparison.OrdinalIgnoreCase))
            && (Entity is null || (item.Entities ?? []).Contains(Entity, StringComparer.OrdinalIgnoreCase))
            && (OlderThan is not { } age || now - item.Since >= age);
    }
}

/// <summary>
/// A position in the exception queue's order (oldest first, then kind, source, report id, version): the last item of a page. A page
/// goes on after it, so items settled or added meanwhile neither repeat nor shift the next page.
/// </summary>
public sealed record ExceptionCursor(DateTimeOffset Since, string Kind, string Source, string ReportId, int Version)
{
    /// <summary>The queue's order.</summary>
    public static IComparer<OpenItem> Order { get; } = Comparer<OpenItem>.Create((a, b) => Compare(Of(a), Of(b)));

    public static ExceptionCursor Of(OpenItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new(item.Since, item.Kind, item.Source, item.ReportId, item.Version);
    }

    /// <summary>Whether <paramref name="item"/> comes after this position.</summary>
    public bool Precedes(OpenItem item) => Compare(this, Of(item)) < 0;

    /// <summary>The opaque token a client sends back as <c>continuation</c>.</summary>
    public string ToToken() => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(
            new[] { Since.UtcTicks.ToString(CultureInfo.InvariantCulture), Kind, Source, ReportId, Version.ToString(CultureInfo.InvariantCulture) }))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The position a token names, or null when it is not one this queue made.</summary>
    public static ExceptionCursor? FromToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length is 0 or > 2048)
        {
            return null;
        }

        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            var parts = JsonSerializer.Deserialize<string[]>(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
            return parts is [var ticks, var kind, var source, var reportId, var version]
                && long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var utcTicks)
                && utcTicks is >= 0 and <= 3155378975999999999
                && int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                && kind is not null && source is not null && reportId is not null
                ? new ExceptionCursor(new DateTimeOffset(utcTicks, TimeSpan.Zero), kind, source, reportId, number)
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or DecoderFallbackException)
        {
            return null;
        }
    }

    private static int Compare(ExceptionCursor a, ExceptionCursor b)
    {
        var order = a.Since.UtcTicks.CompareTo(b.Since.UtcTicks);
        order = order != 0 ? order : string.CompareOrdinal(a.Kind, b.Kind);
        order = order != 0 ? order : string.CompareOrdinal(a.Source, b.Source);
        order = order != 0 ? order : string.CompareOrdinal(a.ReportId, b.ReportId);
        return order != 0 ? order : a.Version.CompareTo(b.Version);
    }
}
