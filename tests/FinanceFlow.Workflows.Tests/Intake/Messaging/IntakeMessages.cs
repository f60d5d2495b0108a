using System.Text;
using System.Text.Json.Nodes;
using FinanceFlow.Core.Messaging;

namespace FinanceFlow.Workflows.Tests.Intake.Messaging;

/// <summary>CloudEvents intake messages for tests.</summary>
internal static class IntakeMessages
{
    /// <param name="source">The financeflowsource extension; null leaves it out (card batches have none).</param>
    public static string Event(string data, string id = "evt-1", string type = IntakeEventTypes.ReportSubmitted, string? source = "canonical")
    {
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = id,
            ["source"] = "/platforms/acme-expenses",
            ["type"] = type,
            ["time"] = "2026-11-26T09:00:00Z",
            ["datacontenttype"] = "application/json",
            [IntakeEventTypes.SourceExtension] = source,
            ["data"] = JsonNode.Parse(data),
        };
        if (source is null)
        {
            cloudEvent.Remove(IntakeEventTypes.SourceExtension);
        }

        return cloudEvent.ToJsonString();
    }

    public static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);
}
