using System.Globalization;
using FinanceFlow.Connectors.Expensify;
using FinanceFlow.Emulators.Expensify;
using FinanceFlow.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Expensify.Tests;

public sealed class ExpensifyClientTests : IDisposable
{
    private readonly ExpensifyEmulator _server = new();

    [Fact]
    public async Task ExportApprovedReportsAsync_ApprovedReports_SendsTemplateCredentialsAndLabelFilterThenDownloads()
    {
        // Arrange
        _server.WithExport(ExpensifyEmulator.Sample("financeflow-export.json"));
        using var services = _server.Services();

        // Act
        var reports = await services.GetRequiredService<ExpensifyClient>().ExportApprovedReportsAsync();

        // Assert
        Assert.Equal(["R006AseGxMka", "R00bCluvcO4T"], reports.Select(r => r.ReportId));
        var received = _server.Received;
        Assert.Equal(["file", "download"], received.Select(r => r.Type));
        var export = received[0].Job;
        Assert.Equal(ExpensifyClient.ExportTemplate, received[0].Template);
        Assert.Contains("report.transactionList", received[0].Template, StringComparison.Ordinal);
        Assert.Equal(ExpensifyEmulator.PartnerUserId, (string?)export["credentials"]?["partnerUserID"]);
        Assert.Equal(ExpensifyEmulator.PartnerUserSecret, (string?)export["credentials"]?["partnerUserSecret"]);
        Assert.Equal("combinedReportData", (string?)export["inputSettings"]?["type"]);
        Assert.Equal("APPROVED,REIMBURSED", (string?)export["inputSettings"]?["reportState"]);
        Assert.Equal("FinanceFlow", (string?)export["inputSettings"]?["filters"]?["markedAsExported"]);
        Assert.Equal("returnRandomFileName", (string?)export["onReceive"]?["immediateResponse"]?[0]);
        Assert.Null(export["onFinish"]);
        var download = received[1].Job;
        Assert.Equal(ExpensifyEmulator.ExportFileName, (string?)download["fileName"]);
        Assert.Equal("integrationServer", (string?)download["fileSystem"]);
        Assert.Null(received[1].Template);
    }

    [Fact]
    public async Task ExportApprovedReportsAsync_NoStartDate_AsksForTheLastYearWithAnEndDate()
    {
        // Arrange: Expensify refuses a range over one year, and wants endDate when startDate is over a year ago.
        _server.WithExport(ExpensifyEmulator.Sample("financeflow-export.json"));
        using var services = _server.Services(time: new FixedTime(new DateTimeOffset(2026, 12, 7, 23, 30, 0, TimeSpan.Zero)));

        // Act
        var reports = await services.GetRequiredService<ExpensifyClient>().ExportApprovedReportsAsync();

        // Assert: one export, through tomorrow (a report made today east of UTC is dated tomorrow there).
        Assert.Equal(2, reports.Count);
        var filters = Assert.Single(_server.Received, r => r.IsExport).Job["inputSettings"]?["filters"];
        Assert.Equal(("2025-12-09", "2026-12-08"), ((string?)filters?["startDate"], (string?)filters?["endDate"]));
    }

    [Fact]
    public async Task ExportApprovedReportsAsync_StartDateYearsAgo_ExportsYearWindowsUpToNow()
    {
        // Arrange
        _server.WithExport(ExpensifyEmulator.Sample("financeflow-export.json"));
        using var services = _server.Services(
            new Dictionary<string, string?>
            {
                [$"{ExpensifyOptions.SectionName}:ExportStartDate"] = "2024-03-01",
                [$"{ExpensifyOptions.SectionName}:RateLimits:ShortWindowPermits"] = "50",
            },
            new FixedTime(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero)));

        // Act
        var reports = await services.GetRequiredService<ExpensifyClient>().ExportApprovedReportsAsync();

        // Assert: windows of at most a year, each with both dates, back to back, the last through tomorrow.
        var windows = _server.Received.Where(r => r.IsExport)
            .Select(r => ((string?)r.Job["inputSettings"]?["filters"]?["startDate"], (string?)r.Job["inputSettings"]?["filters"]?["endDate"]))
            .ToList();
        Assert.Equal(
            [("2024-03-01", "2025-02-28"), ("2025-03-01", "2026-02-28"), ("2026-03-01", "2026-12-08")],
            windows);
        Assert.Equal(6, reports.Count);
        Assert.Equal(["file", "download", "file", "download", "file", "download"], _server.Received.Select(r => r.Type));
    }

    [Theory]
    [InlineData("2015-01-01", "2026-12-07", 12)]
    [InlineData("2024-02-29", "2026-12-07", 3)]
    [InlineData("2026-12-08", "2026-12-07", 1)]
    [InlineData(null, "2028-02-29", 1)]
    public void UpTo_AnyStart_WindowsOfAtMostAYearBackToBackThroughTomorrow(string? start, string today, int expected)
    {
        // Act
        var windows = ExpensifyExportWindow.UpTo(DateOnly.Parse(today, CultureInfo.InvariantCulture), start is null ? null : DateOnly.Parse(start, CultureInfo.InvariantCulture));

        // Assert
        Assert.Equal(expected, windows.Count);
        Assert.All(windows, w => Assert.True(w.Start <= w.End && w.End < w.Start.AddYears(1), $"{w} is longer than a year"));
        Assert.All(windows.Zip(windows.Skip(1)), p => Assert.Equal(p.First.End.AddDays(1), p.Second.Start));
        Assert.Equal(DateOnly.Parse(today, CultureInfo.InvariantCulture).AddDays(1), windows[^1].End);
        if (start is not null)
        {
            Assert.Equal(DateOnly.Parse(start, CultureInfo.InvariantCulture), windows[0].Start);
        }
    }

    [Fact]
    public async Task ExportApprovedReportsAsync_PolicyIdsConfigured_FiltersOnThem()
    {
        // Arrange
        _server.WithExport("[]");
        using var services = _server.Services(new Dictionary<string, string?>
        {
            [$"{ExpensifyOptions.SectionName}:PolicyIds:0"] = "0123456789ABCDEF",
            [$"{ExpensifyOptions.SectionName}:PolicyIds:1"] = "FEDCBA9876543210",
            [$"{ExpensifyOptions.SectionName}:ExportLabel"] = "ERP",
        });

        // Act
        var reports = await services.GetRequiredService<ExpensifyClient>().ExportApprovedReportsAsync();

        // Assert
        Assert.Empty(reports);
        var filters = _server.Received[0].Job["inputSettings"]?["filters"];
        Assert.Equal("0123456789ABCDEF,FEDCBA9876543210", (string?)filters?["policyIDList"]);
        Assert.Equal("ERP", (string?)filters?["markedAsExported"]);
    }

    [Fact]
    public async Task MarkAsExportedAsync_PostedReports_SendsMarkAsExportedWithTheirIds()
    {
        // Arrange
        _server.WithMarkAsExported();
        using var services = _server.Services();

        // Act
        await services.GetRequiredService<ExpensifyClient>().MarkAsExportedAsync(["R006AseGxMka", "R00bCluvcO4T"], "FinanceFlow");

        // Assert
        var job = Assert.Single(_server.Received).Job;
        Assert.Equal("file", (string?)job["type"]);
        Assert.Equal("R006AseGxMka,R00bCluvcO4T", (string?)job["inputSettings"]?["filters"]?["reportIDList"]);
        Assert.Null(job["inputSettings"]?["filters"]?["markedAsExported"]);
        var action = Assert.Single(job["onFinish"]!.AsArray());
        Assert.Equal("markAsExported", (string?)action?["actionName"]);
        Assert.Equal("FinanceFlow", (string?)action?["label"]);
    }

    [Fact]
    public async Task MarkAsExportedAsync_NoIds_SendsNothing()
    {
        using var services = _server.Services();

        await services.GetRequiredService<ExpensifyClient>().MarkAsExportedAsync([], "FinanceFlow");

        Assert.Empty(_server.Received);
    }

    [Fact]
    public async Task MarkReimbursedAsync_AllUpdated_ReturnsEveryId()
    {
        // Arrange
        _server.WithStatusUpdate(ExpensifyEmulator.Reference("expensify-reportStatusUpdater-response-200.json"));
        using var services = _server.Services();

        // Act
        var result = await services.GetRequiredService<ExpensifyClient>().MarkReimbursedAsync(["R006AseGxMka", "R00bCluvcO4T"], "ADP");

        // Assert
        Assert.True(result.IsComplete);
        Assert.Equal(["R006AseGxMka", "R00bCluvcO4T"], result.Updated);
        var job = Assert.Single(_server.Received).Job;
        Assert.Equal("update", (string?)job["type"]);
        Assert.Equal("reportStatus", (string?)job["inputSettings"]?["type"]);
        Assert.Equal("REIMBURSED", (string?)job["inputSettings"]?["status"]);
        Assert.Equal("ADP", (string?)job["inputSettings"]?["paymentSource"]);
        Assert.Equal("R006AseGxMka,R00bCluvcO4T", (string?)job["inputSettings"]?["filters"]?["reportIDList"]);
    }

    [Fact]
    public async Task MarkReimbursedAsync_PartialAnswer_NamesSkippedAndFailedIds()
    {
        // Arrange
        _server.WithStatusUpdate(ExpensifyEmulator.Reference("expensify-reportStatusUpdater-response-207-partial.json"));
        using var services = _server.Services();

        // Act
        var result = await services.GetRequiredService<ExpensifyClient>().MarkReimbursedAsync(["R006AseGxMka", "R00bCluvcO4T", "R002bGmt16ac"]);

        // Assert
        Assert.False(result.IsComplete);
        Assert.Equal(["R00bCluvcO4T"], result.Updated);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(new ExpensifyReportProblem("R006AseGxMka", "Report is in status 'Open'"), skipped);
        var failed = Assert.Single(result.Failed);
        Assert.Equal(new ExpensifyReportProblem("R002bGmt16ac", "Internal error"), failed);
        Assert.Equal(["R006AseGxMka", "R002bGmt16ac"], result.NotUpdated);
        Assert.Contains(_server.Logs.Messages, m => m.Contains("R002bGmt16ac", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MarkReimbursedAsync_IdMissingFromAnswer_IsReportedUnconfirmed()
    {
        _server.WithStatusUpdate(ExpensifyEmulator.Reference("expensify-reportStatusUpdater-response-200.json"));
        using var services = _server.Services();

        var result = await services.GetRequiredService<ExpensifyClient>().MarkReimbursedAsync(["R006AseGxMka", "R00bCluvcO4T", "R0notThere"]);

        Assert.Equal(["R0notThere"], result.Unconfirmed);
        Assert.False(result.IsComplete);
    }

    [Fact]
    public async Task MarkReimbursedAsync_ValidationAnswer_ThrowsRequestExceptionWithExpensifysMessage()
    {
        // Arrange
        _server.WithStatusUpdate(ExpensifyEmulator.Reference("expensify-reportStatusUpdater-response-410-validation.json"));
        using var services = _server.Services();

        // Act
        var error = await Assert.ThrowsAsync<ExpensifyRequestException>(() =>
            services.GetRequiredService<ExpensifyClient>().MarkReimbursedAsync(["R006AseGxMka"]));

        // Assert
        Assert.Equal(410, error.ResponseCode);
        Assert.Contains("Status 'APPROVED' is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportApprovedReportsAsync_ServerErrorInBody_ThrowsUnavailable()
    {
        // Arrange: HTTP 200 carrying responseCode 500, as Expensify answers.
        _server.WithAnswer(200, ExpensifyEmulator.Reference("expensify-reconciliation-response-error.json"));
        using var services = _server.Services();

        // Act
        var error = await Assert.ThrowsAsync<ExpensifyUnavailableException>(() =>
            services.GetRequiredService<ExpensifyClient>().ExportApprovedReportsAsync());

        // Assert
        Assert.Equal(500, error.ResponseCode);
        Assert.Contains("Error encountered while trying to write", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200, """{"responseCode":429,"responseMessage":"Too many requests"}""")]
    [InlineData(503, "Service Unavailable")]
    [InlineData(429, "")]
    public async Task ExportApprovedReportsAsync_TransientAnswer_ThrowsUnavailable(int httpStatus, string body)
    {
        _server.WithAnswer(httpStatus, body);
        using var services = _server.Services();

        await Assert.ThrowsAsync<ExpensifyUnavailableException>(() => services.GetRequiredService<ExpensifyClient>().ExportApprovedReportsAsync());
    }

    [Fact]
    public async Task ExportApprovedReportsAsync_ServerUnreachable_ThrowsUnavailable()
    {
        using var services = _server.Services(new Dictionary<string, string?> { [$"{ExpensifyOptions.SectionName}:BaseUrl"] = "http://127.0.0.1:9/x" });

        await Assert.ThrowsAsync<ExpensifyUnavailableException>(() => services.GetRequiredService<ExpensifyClient>().ExportApprovedReportsAsync());
    }

    [Theory]
    [InlineData("""{"responseCode":401,"responseMessage":"Authentication error"}""")]
    [InlineData(null)]
    public async Task ExportApprovedReportsAsync_CredentialsRefused_ThrowsConfigurationErrorWithMessage(string? body)
    {
        // Arrange: null uses the reference answer, a 500 whose message says the partner user is not authorized.
        body ??= ExpensifyEmulator.Reference("expensify-reportCreator-response-error.json");
        _server.WithAnswer(200, body);
        using var services = _server.Services();

        // Act
        var error = await Assert.ThrowsAsync<ExpensifyConfigurationException>(() =>
            services.GetRequiredService<ExpensifyClient>().ExportApprovedReportsAsync());

        // Assert
        Assert.Matches("Authentication error|Not authorized to authenticate as user", error.Message);
        Assert.DoesNotContain(ExpensifyEmulator.PartnerUserSecret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportApprovedReportsAsync_DownloaderFails_ThrowsMappedError()
    {
        _server.WithExport("""{"responseCode":500,"responseMessage":"File not found"}""");
        using var services = _server.Services();

        var error = await Assert.ThrowsAsync<ExpensifyUnavailableException>(() => services.GetRequiredService<ExpensifyClient>().ExportApprovedReportsAsync());

        Assert.Contains("downloader", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportApprovedReportsAsync_SourceDisabled_RefusesWithoutCallingExpensify()
    {
        using var services = _server.Services(new Dictionary<string, string?> { [$"{ExpensifyOptions.SectionName}:Enabled"] = "false" });

        var error = await Assert.ThrowsAsync<ExpensifyConfigurationException>(() =>
            services.GetRequiredService<ExpensifyClient>().ExportApprovedReportsAsync());

        Assert.Contains("Enabled", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Received);
    }

    [Fact]
    public async Task ExportApprovedReportsAsync_AnyOutcome_NeverLogsTheSecret()
    {
        // Arrange
        _server.WithExport(ExpensifyEmulator.Sample("financeflow-export.json")).WithMarkAsExported();
        using var services = _server.Services();
        var client = services.GetRequiredService<ExpensifyClient>();

        // Act
        var reports = await client.ExportApprovedReportsAsync();
        await client.MarkAsExportedAsync(reports.Select(r => r.ReportId).ToList(), "FinanceFlow");

        // Assert
        Assert.NotEmpty(_server.Logs.Messages);
        Assert.DoesNotContain(_server.Logs.Messages, m => m.Contains(ExpensifyEmulator.PartnerUserSecret, StringComparison.Ordinal));
    }

    public void Dispose() => _server.Dispose();
}
