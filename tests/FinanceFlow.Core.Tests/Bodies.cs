using System.Text;
using System.Text.Json.Nodes;

namespace FinanceFlow.Core.Tests;

/// <summary>Canonical webhook bodies: the documented example, changed one field at a time.</summary>
internal static class Bodies
{
    public static string ExampleText { get; } = File.ReadAllText(RepoFiles.Path("docs/schemas/examples/canonical-expense-report.example.json"));

    /// <summary>A fresh mutable copy of the example body.</summary>
    public static JsonObject Example() => JsonNode.Parse(ExampleText)!.AsObject();

    /// <summary>The example after <paramref name="change"/>, as UTF-8 bytes.</summary>
    public static ReadOnlyMemory<byte> With(Action<JsonObject> change)
    {
        var body = Example();
        change(body);
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    public static JsonObject Line(this JsonObject body, int index) => body["lines"]![index]!.AsObject();

    public static JsonObject Attachment(this JsonObject body, int index) => body["attachments"]![index]!.AsObject();
}
