using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Policy;
using FinanceFlow.Core.Posting;

namespace FinanceFlow.Core.Tests;

public class ExampleBodyTests
{
    [Fact]
    public void ExampleBody_ParsedCheckedAndPosted_GoesThroughCleanAndBalanced()
    {
        var body = File.ReadAllBytes(RepoFiles.Path("docs/schemas/examples/canonical-expense-report.example.json"));

        var parsed = CanonicalReportParser.Parse(body, "concur");
        var findings = PolicyEngine.Evaluate(parsed.Report!, Reports.Settings, new DateOnly(2026, 11, 25));
        var journal = PostingRules.BuildJournal(parsed.Report!, new AccountMap(), parsed.Report!.AccountingDate!.Value);

        Assert.Empty(parsed.Errors);
        Assert.Empty(findings);
        Assert.Empty(JournalValidation.Validate(journal));
        Assert.Equal(245.50m, journal.TotalDebit);
    }

    [Fact]
    public void SchemaText_EmbeddedSchema_IsTheOneInDocs()
    {
        using var embedded = System.Text.Json.JsonDocument.Parse(CanonicalReportParser.SchemaText);
        using var onDisk = System.Text.Json.JsonDocument.Parse(File.ReadAllText(RepoFiles.Path("docs/schemas/canonical-expense-report.schema.json")));

        Assert.True(System.Text.Json.JsonElement.DeepEquals(embedded.RootElement, onDisk.RootElement));
    }
}
