using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace FinanceFlow.Integration.Tests.Storage;

/// <summary>The test's tables (a prefix of their own) through a client whose pipeline holds the policy.</summary>
internal sealed class PrefixedTables(string connectionString, TableClientOptions options, string? prefix = null) : TableServiceClient(connectionString, options)
{
    private readonly string _prefix = prefix ?? "l" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The prefix, so a second client (another process) reaches the same tables.</summary>
    public string Prefix => _prefix;

    public override TableClient GetTableClient(string tableName) => base.GetTableClient(_prefix + tableName);

    /// <summary>A client of fresh tables whose every request <paramref name="requests"/> counts.</summary>
    public static PrefixedTables Counted(string connectionString, RequestLog requests, string? prefix = null)
    {
        var options = new TableClientOptions();
        options.AddPolicy(requests, HttpPipelinePosition.PerCall);
        return new PrefixedTables(connectionString, options, prefix);
    }
}

/// <summary>The method of every request the client sends.</summary>
internal sealed class RequestLog : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentQueue<string> _methods = new();

    public int Count => _methods.Count;

    public IReadOnlyCollection<string> Methods => _methods;

    public override void OnSendingRequest(HttpMessage message) => _methods.Enqueue(message.Request.Method.Method);
}
