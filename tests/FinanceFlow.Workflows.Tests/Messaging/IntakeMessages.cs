using System.Text;
using System.Text.Json.Nodes;
using FinanceFlow.Core.Messaging;

namespace FinanceFlow.Workflows.Tests.Messaging;

/// <summary>CloudEvents intake messages for tests.</summary>
internal static class IntakeMessages
{
    public static string Event(string data, string id = "evt-1", string type = IntakeEventTypes.ReportSubmitted, string? source = "canonical") =>
        new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = id,
            ["source"] = "/platforms/acme-expenses",
            ["type"] = type,
            ["time"] = "2026-11-26T09:00:00Z",
            ["datacontenttype"] = "application/json",
            [IntakeEventTypes.SourceExtension] = source,
            ["data"] = JsonNode.Parse(data),
        }.ToJsonString();

    public static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);
}
