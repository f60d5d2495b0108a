using System.Text.Json;
using System.Text.RegularExpressions;
using FinanceFlow.Connectors.Expensify;
using FinanceFlow.Emulators.Expensify;
using FinanceFlow.Testing;

namespace FinanceFlow.Expensify.Tests;

public sealed partial class ExpensifyTemplateTests
{
    [Fact]
    public void ExportTemplate_Embedded_IsTheRepositoryFile()
    {
        var file = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "FinanceFlow.Connectors", "Expensify", "Templates", "financeflow-export.ftl"));

        Assert.Equal(file, ExpensifyClient.ExportTemplate);
    }

    [Fact]
    public void ExportTemplate_Fields_AreExactlyTheOnesTheSampleExportCarries()
    {
        // The sample stands for a rendered export: if the template gains or loses a field, the reader and sample must follow.
        var templateFields = JsonKey().Matches(ExpensifyClient.ExportTemplate).Select(m => m.Groups[1].Value).ToHashSet();
        using var sample = JsonDocument.Parse(ExpensifyEmulator.Sample("financeflow-export.json"));
        var report = sample.RootElement[0];
        var sampleFields = report.EnumerateObject().Select(p => p.Name)
            .Concat(report.GetProperty("expenses")[0].EnumerateObject().Select(p => p.Name))
            .ToHashSet();

        Assert.Equal(templateFields.Order(), sampleFields.Order());
    }

    [Fact]
    public void ExportTemplate_Values_ArePrintedWithoutGroupingOrArithmetic()
    {
        var template = ExpensifyClient.ExportTemplate;

        Assert.Contains("<#setting number_format=\"computer\">", template, StringComparison.Ordinal);
        Assert.DoesNotContain("/100", template, StringComparison.Ordinal);
        Assert.Contains("?json_string", template, StringComparison.Ordinal);
    }

    [GeneratedRegex("\"(\\w+)\":")]
    private static partial Regex JsonKey();
}
