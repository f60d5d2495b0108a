namespace FinanceFlow.Api.Http;

/// <summary>What request body a route takes: at most <paramref name="MaxBytes"/> of one of <paramref name="MediaTypes"/>.</summary>
/// <param name="MediaTypes">Accepted media types without parameters; <c>application/json</c> also admits <c>application/*+json</c>.</param>
/// <param name="Optional">True when an empty body is accepted too.</param>
public sealed record BodyPolicy(long MaxBytes, IReadOnlyList<string> MediaTypes, bool Optional)
{
    public const string Json = "application/json";
    public const string Csv = "text/csv";

    /// <summary>Routes that take no body: any body is refused.</summary>
    public static BodyPolicy None { get; } = new(0, [], Optional: true);

    public static BodyPolicy JsonUpTo(long maxBytes, bool optional = false) => new(maxBytes, [Json], optional);

    public static BodyPolicy JsonOrCsvUpTo(long maxBytes) => new(maxBytes, [Json, Csv], Optional: false);

    /// <summary>What the 413 answer suggests, e.g. "send receipts by URL".</summary>
    public string? TooLargeHint { get; init; }

    public bool TakesBody => MaxBytes > 0;

    /// <summary>True when <paramref name="mediaType"/> (lower case, no parameters) is one this route takes.</summary>
    public bool Accepts(string mediaType) =>
        MediaTypes.Contains(mediaType, StringComparer.Ordinal)
        || (MediaTypes.Contains(Json, StringComparer.Ordinal) && mediaType.StartsWith("application/", StringComparison.Ordinal) && mediaType.EndsWith("+json", StringComparison.Ordinal));
}
