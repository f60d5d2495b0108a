using System.Text.Json;
using FinanceFlow.Cli.Http;

namespace FinanceFlow.Cli.Tests.Http;

public sealed class ReportStateTests
{
    [Fact]
    public void Parse_RunStillGoing_IsNotTerminalAndShowsTheRuntimeStatus()
    {
        var state = Parse("""{"instanceId":"expense:canonical:R-1:v1","version":1,"stage":"Posting","outcome":"Pending","runtimeStatus":"Running","findings":[],"erpDocuments":[]}""");

        Assert.False(state.IsTerminal);
        Assert.Equal("Running", state.Display);
        Assert.Equal("Posting", state.Stage);
    }

    [Fact]
    public void Parse_OutcomeWritten_IsTerminalWithOutcomeDocumentAndEndTime()
    {
        var state = Parse("""
            {"source":"canonical","reportId":"R-1","version":1,"instanceId":"expense:canonical:R-1:v1","stage":"Completed",
             "outcome":"Posted","runtimeStatus":"Completed","erpDocumentNumber":"FF-CANONICAL-R-1",
             "erpDocuments":[{"entity":"US01","ledger":"us01","currency":"USD","amount":45.4,"reference":"R-1","documentNumber":"FF-CANONICAL-R-1","reason":null}],
             "findings":[],"receivedAt":"2026-12-01T09:00:00+00:00","updatedAt":"2026-12-01T09:00:02.5+00:00","audit":[]}
            """);

        Assert.True(state.IsTerminal);
        Assert.Equal("Posted", state.Display);
        Assert.Equal("FF-CANONICAL-R-1", state.ErpDocumentNumber);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 2, 500, TimeSpan.Zero), state.UpdatedAt);
    }

    [Fact]
    public void Parse_OutcomeWrittenWhileTheRunCloses_IsTerminal()
    {
        var state = Parse("""{"instanceId":"i","outcome":"Rejected","runtimeStatus":"Running","findings":[{"code":"approver-is-submitter","message":"m","path":null,"severity":"Error"}]}""");

        Assert.True(state.IsTerminal);
        Assert.Equal("Rejected", state.Display);
        Assert.Equal(["approver-is-submitter"], state.FindingCodes);
    }

    [Fact]
    public void Parse_RunFailedBeforeItsOutcome_IsTerminalAndShowsFailed()
    {
        var state = Parse("""{"instanceId":"i","outcome":"Pending","runtimeStatus":"Failed","failureReason":"boom"}""");

        Assert.True(state.IsTerminal);
        Assert.Equal("Failed", state.Display);
        Assert.Equal("boom", state.FailureReason);
    }

    [Fact]
    public void Parse_SeveralDocuments_ListsEachWithItsEntity()
    {
        var state = Parse("""
            {"instanceId":"i","outcome":"Posted","runtimeStatus":"Completed","erpDocumentNumber":"FF-X",
             "erpDocuments":[{"entity":"US01","documentNumber":"FF-X"},{"entity":"DE01","documentNumber":null}]}
            """);

        Assert.Equal("FF-X (US01), not posted (DE01)", state.ErpDocumentNumber);
    }

    [Fact]
    public void Parse_NoInstanceId_IsNotAReportView()
    {
        using var document = JsonDocument.Parse("""{"type":"about:blank","title":"Not Found","status":404}""");

        Assert.Null(ReportState.Parse(document.RootElement));
    }

    private static ReportState Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ReportState.Parse(document.RootElement) ?? throw new InvalidOperationException("not parsed");
    }
}
