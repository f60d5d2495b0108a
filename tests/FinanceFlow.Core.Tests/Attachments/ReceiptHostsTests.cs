using System.Text.Json;
using System.Text.Json.Nodes;
using FinanceFlow.Core.Attachments;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Intake;

namespace FinanceFlow.Core.Tests.Attachments;

public sealed class ReceiptHostsTests
{
    [Theory]
    [InlineData("www.expensify.com", true)]
    [InlineData("WWW.Expensify.COM.", true)]
    [InlineData("s3.expensify.com", true)]
    [InlineData("a.b.expensify.com", true)]
    [InlineData("expensify.com", false)]
    [InlineData("evilexpensify.com", false)]
    [InlineData("www.expensify.com.evil.net", false)]
    [InlineData("receipts.example.com", true)]
    [InlineData("other.example.com", false)]
    [InlineData("127.0.0.1", false)]
    public void Allows_ExactNamesAndWildcards_MatchOnlyTheirHosts(string host, bool expected)
    {
        Assert.Equal(expected, ReceiptHosts.Allows(["www.expensify.com", "*.expensify.com", "receipts.example.com"], host));
    }

    [Fact]
    public void Allows_AddressListedInAnotherNotation_IsTheSameAddress()
    {
        Assert.True(ReceiptHosts.Allows(["::ffff:169.254.169.254"], "[::ffff:a9fe:a9fe]"));
        Assert.False(ReceiptHosts.Allows(["*.254.169.254"], "169.254.169.254"));
    }

    [Theory]
    [InlineData("www.expensify.com", null)]
    [InlineData("*.expensify.com", null)]
    [InlineData("127.0.0.1", null)]
    [InlineData("*", "'*' is not '*.' followed by a domain")]
    [InlineData("*.com", "'*.com' is not '*.' followed by a domain")]
    [InlineData("https://www.expensify.com/", "is not a host name")]
    [InlineData("www.expensify.com:443", "is not a host name")]
    [InlineData("*.*.example.com", "is not '*.' followed by a domain")]
    [InlineData("", "an entry is empty")]
    public void Problem_SettingEntry_SaysWhyItIsNoHost(string entry, string? expected)
    {
        var problem = ReceiptHosts.Problem(entry);

        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(expected, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Failures_BadReceiptHost_NamedByItsSetting()
    {
        var options = new FinanceFlowOptions
        {
            Sources = new(StringComparer.OrdinalIgnoreCase) { ["expensify"] = new SourceSettings { ReceiptHosts = ["www.expensify.com", "*"] } },
        };

        var failure = Assert.Single(SettingsValidation.Failures(options, FinanceFlowOptions.SectionName));

        Assert.StartsWith("FinanceFlow:Sources:expensify:ReceiptHosts: '*' is not", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_AttachmentsMaxItems_IsTheLimitTheAttachmentsStepKeeps()
    {
        using var schema = JsonDocument.Parse(CanonicalReportParser.SchemaText);

        Assert.Equal(ReceiptContent.MaxAttachments, schema.RootElement.GetProperty("properties").GetProperty("attachments").GetProperty("maxItems").GetInt32());
    }

    [Fact]
    public void Parse_MoreAttachmentsThanTheLimit_FailsNamingTheField()
    {
        var body = Bodies.With(b =>
        {
            var attachments = new JsonArray();
            for (var i = 0; i <= ReceiptContent.MaxAttachments; i++)
            {
                attachments.Add(new JsonObject { ["fileName"] = $"r{i}.pdf", ["url"] = $"https://receipts.example.com/r{i}.pdf" });
            }

            b["attachments"] = attachments;
        });

        var result = CanonicalReportParser.Parse(body, "canonical");

        Assert.Null(result.Report);
        Assert.Contains(result.Errors, e => e.Pointer == "/attachments");
    }
}
