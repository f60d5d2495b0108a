using System.Globalization;
using System.Text.RegularExpressions;

namespace FinanceFlow.Testing;

/// <summary>
/// Reads Azurite's debug log (<c>--debug FILE</c>, <see cref="AzuriteProcess.RequestLogPath"/>) back into the requests it served.
/// Every line of a request carries Azurite's request id; of the many lines per request this reads only those that have been stable
/// across Azurite 3.x: the request line (<c>…StorageContextMiddleware: RequestMethod=… RequestURL=… RequestHeaders:{…}</c>), the
/// dispatch line (<c>Operation=…</c>), the raw batch body and dequeue answer, and the end line (<c>StatusCode=…</c>). Lines it does not
/// know, and Azurite's own start-up lines (no request id), are skipped, so extra logging in a later version changes nothing.
/// </summary>
public static partial class AzuriteRequestLog
{
    /// <summary>Every request in the log, in the order Azurite took them.</summary>
    public static IReadOnlyList<StorageRequest> Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var open = new Dictionary<string, Pending>(StringComparer.Ordinal);
        var requests = new List<StorageRequest>();
        foreach (var line in lines)
        {
            var match = LinePattern().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var id = match.Groups["id"].Value;
            var message = match.Groups["message"].Value;
            if (RequestPattern().Match(message) is { Success: true } request)
            {
                open[id] = Pending.From(match.Groups["at"].Value, request);
            }
            else if (open.TryGetValue(id, out var pending))
            {
                if (EndPattern().Match(message) is { Success: true } end)
                {
                    requests.Add(pending.Finish(int.Parse(end.Groups["status"].Value, CultureInfo.InvariantCulture)));
                    open.Remove(id);
                }
                else
                {
                    pending.Read(message);
                }
            }
        }

        requests.AddRange(open.Values.Select(p => p.Finish(0)));
        requests.Sort((a, b) => a.At.CompareTo(b.At));
        return requests;
    }

    /// <summary>Reads <paramref name="path"/> line by line (the log of a long run is tens of megabytes).</summary>
    public static IReadOnlyList<StorageRequest> Read(string path) => Parse(File.ReadLines(path));

    // 2026-12-07T23:14:25.480Z e2e77972-350d-46c9-be37-bb1a62ad1b1b info: …
    [GeneratedRegex(@"^(?<at>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) (?<id>[0-9A-Fa-f]{8}-[0-9A-Fa-f-]{27}) \w+: (?<message>.*)$")]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"^(?<service>Blob|Queue|Table)StorageContextMiddleware: RequestMethod=(?<method>[A-Za-z]+) RequestURL=(?<url>\S+) RequestHeaders:(?<headers>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex RequestPattern();

    [GeneratedRegex(@"""traceparent"":""[0-9a-f]{2}-(?<trace>[0-9a-f]{32})-")]
    private static partial Regex TraceParentPattern();

    [GeneratedRegex(@"^DispatchMiddleware: Operation=(?<operation>\w+)")]
    private static partial Regex OperationPattern();

    [GeneratedRegex(@"^EndMiddleware: End response\. .*?StatusCode=(?<status>\d+)")]
    private static partial Regex EndPattern();

    // A sub-request of a batch: "PUT http://127.0.0.1:10002/devstoreaccount1/counterHistory(PartitionKey=…".
    [GeneratedRegex(@"(?:GET|PUT|POST|MERGE|PATCH|DELETE) https?://[^/\s]+/[^/\s]+/(?<table>[A-Za-z][A-Za-z0-9]*)")]
    private static partial Regex BatchEntityPattern();

    private sealed class Pending(DateTimeOffset at, StorageService service, string method, string resource, string? traceId)
    {
        private string? _operation;
        private string _resource = resource;
        private int _items;

        public static Pending From(string at, Match request)
        {
            var service = Enum.Parse<StorageService>(request.Groups["service"].Value, ignoreCase: true);
            var trace = TraceParentPattern().Match(request.Groups["headers"].Value);
            return new Pending(
                DateTimeOffset.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                service,
                request.Groups["method"].Value.ToUpperInvariant(),
                ResourceOf(service, request.Groups["url"].Value),
                trace.Success ? trace.Groups["trace"].Value : null);
        }

        public void Read(string message)
        {
            if (OperationPattern().Match(message) is { Success: true } operation)
            {
                _operation = operation.Groups["operation"].Value;
            }
            else if (message.StartsWith("TableHandler:batch() Raw request string is", StringComparison.Ordinal))
            {
                var entities = BatchEntityPattern().Matches(message);
                _items = entities.Count;
                if (entities.Count > 0)
                {
                    _resource = string.Join('+', entities.Select(e => e.Groups["table"].Value).Distinct(StringComparer.Ordinal));
                }
            }
            else if (message.StartsWith("Serializer: Raw response body string is", StringComparison.Ordinal) && message.Contains("<QueueMessagesList", StringComparison.Ordinal))
            {
                _items = CountOf(message, "<QueueMessage>");
            }
        }

        public StorageRequest Finish(int status) => new(at, service, method, _operation ?? method, _resource, status, traceId, _items);

        private static int CountOf(string text, string part)
        {
            var count = 0;
            for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }

        // Path-style URLs: /{account}/{queue|container|table…}/…; a table's entity paths carry "(keys)" after its name.
        private static string ResourceOf(StorageService service, string url)
        {
            var path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url.Split('?')[0];
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length < 2)
            {
                return "(account)";
            }

            var first = Uri.UnescapeDataString(segments[1]);
            return service == StorageService.Table && first.IndexOf('(', StringComparison.Ordinal) is var paren and > 0 ? first[..paren] : first;
        }
    }
}
