using System.Reflection;
using System.Text.Json;
using FinanceFlow.Testing;

namespace FinanceFlow.Functions.Tests;

/// <summary>The functions.metadata the Worker SDK generates at build: what the Functions host will index in Azure.</summary>
internal static class FunctionsMetadata
{
    public static IReadOnlyList<JsonElement> Load()
    {
        var configuration = typeof(FunctionsMetadata).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var root = RepoPaths.Root;
        var path = Path.Combine(root, "src", "FinanceFlow.Functions", "bin", configuration, "net10.0", "functions.metadata");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    public static JsonElement Function(string name) =>
        Load().Single(f => f.GetProperty("name").GetString() == name);

    public static JsonElement Trigger(JsonElement function) =>
        function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
}
