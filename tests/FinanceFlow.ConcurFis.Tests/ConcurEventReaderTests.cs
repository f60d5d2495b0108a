using System.Text;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Emulators.Concur;

namespace FinanceFlow.ConcurFis.Tests;

public sealed class ConcurEventReaderTests
{
    public static TheoryData<string> ReadyForIntegrationSamples() =>
        [.. Directory.GetFiles(ConcurFisPayloads.EventsFolder, "*.readyForIntegration.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ReadyForIntegrationSamples))]
    public void Read_ReadyForIntegrationSample_ReadsIdTopicTimeAndFacts(string fileName)
    {
        // Arrange
        var body = File.ReadAllBytes(Path.Combine(ConcurFisPayloads.EventsFolder, fileName));

        // Act
        var concurEvent = ConcurEventReader.Read(body);

        // Assert
        Assert.False(string.IsNullOrEmpty(concurEvent.Id));
        Assert.EndsWith(".readyForIntegration", concurEvent.EventType, StringComparison.Ordinal);
        Assert.Equal(ConcurEvent.FinancialIntegrationTopic, concurEvent.Topic);
        Assert.Equal(2023, concurEvent.TimeStamp?.Year);
        Assert.Equal(TimeSpan.Zero, concurEvent.TimeStamp?.Offset);
        Assert.False(string.IsNullOrEmpty(concurEvent.Facts.CompanyId));
        Assert.False(string.IsNullOrEmpty(concurEvent.Facts.EntityId));
        Assert.Contains($"docId={concurEvent.Facts.DocumentId}", concurEvent.Facts.Href?.Query, StringComparison.Ordinal);
    }

    [Fact]
    public void IsReadyForIntegration_ExpenseSample_DocTypeExpenseAndPlus0000Timestamp()
    {
        // Arrange
        var concurEvent = Read("concur-ess-v4-financialintegration-expense.readyForIntegration.json");

        // Act
        var ready = concurEvent.IsReadyForIntegration(out var docType);

        // Assert
        Assert.True(ready);
        Assert.Equal("expense", docType);
        Assert.Equal("aae52efe-b340-4256-8caf-26d23b8cb733", concurEvent.Id);
        Assert.Equal(new DateTimeOffset(2023, 9, 26, 21, 17, 44, 570, TimeSpan.Zero), concurEvent.TimeStamp);
        Assert.Equal("5F8FC21234374B979809", concurEvent.Facts.DocumentId);
        Assert.Equal("us2.api.concursolutions.com", concurEvent.Facts.Href?.Host);
    }

    [Theory]
    [InlineData("concur-ess-v4-financialintegration-cashadvance.readyForIntegration.json", true, "cashadvance")]
    [InlineData("concur-ess-v4-financialintegration-invoice.readyForIntegration.json", false, "")]
    [InlineData("concur-ess-v4-financialintegration-payroll.readyForIntegration.json", false, "")]
    [InlineData("concur-ess-v4-financialintegration-reportObligation.readyForIntegration.json", false, "")]
    [InlineData("concur-ess-v4-expense-report-reportCreated.json", false, "")]
    [InlineData("concur-ess-v4-expense-report-statusChanged-3-A_ACCO.json", false, "")]
    public void IsReadyForIntegration_OtherSamples_OnlyDocumentTypesFinanceFlowPosts(string fileName, bool expected, string expectedDocType)
    {
        // Arrange
        var concurEvent = Read(fileName);

        // Act
        var ready = concurEvent.IsReadyForIntegration(out var docType);

        // Assert
        Assert.Equal(expected, ready);
        Assert.Equal(expectedDocType, docType);
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("""{"id":"1","topic":"public.concur.financialintegration"}""", "/eventType: is required")]
    [InlineData("""{"id":"1","eventType":"x","topic":"t","facts":{"href":"relative/path"}}""", "/facts/href: 'relative/path' is not an absolute URL")]
    [InlineData("""{"id":"1","id":"2","eventType":"x","topic":"t"}""", "/id: is given more than once")]
    public void TryRead_Malformed_SaysWhy(string json, string expected)
    {
        // Act
        var ok = ConcurEventReader.TryRead(Encoding.UTF8.GetBytes(json), out var concurEvent, out var error);

        // Assert
        Assert.False(ok);
        Assert.Null(concurEvent);
        Assert.Contains(expected, $"{error!.Pointer}: {error.Message}", StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ConcurEventReader.Read(Encoding.UTF8.GetBytes(json)));
    }

    private static ConcurEvent Read(string fileName) => ConcurEventReader.Read(File.ReadAllBytes(Path.Combine(ConcurFisPayloads.EventsFolder, fileName)));
}
