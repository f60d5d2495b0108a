using FinanceFlow.Testing;
using FinanceFlow.Workflows.Catalog;

namespace FinanceFlow.Functions.Tests;

public sealed class FunctionsMetadataTests
{
    [Theory]
    [InlineData("ReceiveWebhook", "post", "v1/webhooks/{source}", "Anonymous")]
    [InlineData("GetReport", "get", "v1/reports/{source}/{reportId}", "Function")]
    [InlineData("RetryReport", "post", "v1/reports/{source}/{reportId}/retry", "Function")]
    [InlineData("PayReport", "post", "v1/reports/{source}/{reportId}/payment", "Function")]
    [InlineData("RepublishStatusEvents", "post", "v1/reports/{source}/{reportId}/status-events/republish", "Function")]
    [InlineData("VerifyReportAudit", "get", "v1/reports/{source}/{reportId}/audit/verify", "Function")]
    [InlineData("PreviewReport", "post", "v1/preview/{source}", "Function")]
    [InlineData("GetMasterData", "get", "v1/masterdata/{kind}", "Function")]
    [InlineData("PutMasterData", "put", "v1/masterdata/{kind}", "Function")]
    [InlineData("SyncMasterDataNow", "post", "v1/masterdata/sync", "Function")]
    [InlineData("GetMappings", "get", "v1/mappings/{kind}", "Function")]
    [InlineData("PutMappings", "put", "v1/mappings/{kind}", "Function")]
    [InlineData("ListMappingChanges", "get", "v1/mappings/{kind}/changes", "Function")]
    [InlineData("GetMappingChange", "get", "v1/mappings/{kind}/changes/{changeId}", "Function")]
    [InlineData("ApproveMappingChange", "post", "v1/mappings/{kind}/changes/{changeId}/approve", "Function")]
    [InlineData("RejectMappingChange", "post", "v1/mappings/{kind}/changes/{changeId}/reject", "Function")]
    [InlineData("GetCardBatch", "get", "v1/cards/{entity}/{batchId}", "Function")]
    [InlineData("RunReconciliation", "post", "v1/reconciliations", "Function")]
    [InlineData("GetExceptions", "get", "v1/exceptions", "Function")]
    [InlineData("GetMetrics", "get", "v1/metrics", "Function")]
    [InlineData("ListReconciliations", "get", "v1/reconciliations", "Function")]
    [InlineData("GetReconciliation", "get", "v1/reconciliations/{runId}", "Function")]
    [InlineData("ServeConsole", "get", "console/{*path}", "Anonymous")]
    public void HttpFunction_IsIndexedWithItsRouteMethodAndAuthLevel(string name, string method, string route, string authLevel)
    {
        var trigger = FunctionsMetadata.Trigger(FunctionsMetadata.Function(name));

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString());
    }

    [Fact]
    public void EveryCatalogOrchestrator_IsAnOrchestrationTriggerFunction()
    {
        foreach (var orchestrator in WorkflowCatalog.Orchestrators)
        {
            var trigger = FunctionsMetadata.Trigger(FunctionsMetadata.Function(orchestrator.Name));
            Assert.Equal("orchestrationTrigger", trigger.GetProperty("type").GetString());
        }
    }

    [Fact]
    public void EveryCatalogActivity_IsAnActivityTriggerFunction()
    {
        foreach (var activity in WorkflowCatalog.Activities)
        {
            var trigger = FunctionsMetadata.Trigger(FunctionsMetadata.Function(activity.Name));
            Assert.Equal("activityTrigger", trigger.GetProperty("type").GetString());
        }
    }

    [Fact]
    public void Metadata_HasNoFunctionOutsideTheCatalogAndTheHttpSurface()
    {
        var expected = WorkflowCatalog.Orchestrators.Select(o => o.Name)
            .Concat(WorkflowCatalog.Activities.Select(a => a.Name))
            .Concat(["ReceiveWebhook", "GetReport", "RetryReport", "PayReport", "RepublishStatusEvents", "VerifyReportAudit", "PreviewReport", "PullExpensifyReports"])
            .Concat(["GetMasterData", "PutMasterData", "GetMappings", "PutMappings", "SyncMasterDataNow", "SyncMasterData"])
            .Concat(["ListMappingChanges", "GetMappingChange", "ApproveMappingChange", "RejectMappingChange"])
            .Concat(["ReceiveIntakeMessage", "GetCardBatch"])
            .Concat(["GetReportStory", "ResubmitReport", "ResolveReportException", "ServeConsole"])
            .Concat(["RunReconciliation", "ListReconciliations", "GetReconciliation", "ReconcileLedgers", "GetExceptions", "GetMetrics", "SweepStuckRuns", "SyncPayments", "PollConcurDocuments"])
            .Order(StringComparer.Ordinal);

        var actual = FunctionsMetadata.Load().Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void PullExpensifyReports_IsATimerOnTheConfiguredSchedule()
    {
        var function = FunctionsMetadata.Function("PullExpensifyReports");
        var trigger = FunctionsMetadata.Trigger(function);

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("%FinanceFlow:Sources:expensify:Schedule%", trigger.GetProperty("schedule").GetString());
        Assert.Contains(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void ReceiveIntakeMessage_IsAQueueTriggerOnExpenseIntakeWithADurableClient()
    {
        var function = FunctionsMetadata.Function("ReceiveIntakeMessage");
        var trigger = FunctionsMetadata.Trigger(function);

        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("expense-intake", trigger.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
        Assert.Contains(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void LocalSettingsSample_DefinesTheExpensifySchedule()
    {
        var root = RepoPaths.Root;
        using var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "local.settings.sample.json")));
        var schedule = settings.RootElement.GetProperty("Values").GetProperty("FinanceFlow__Sources__expensify__Schedule").GetString();

        // The Functions host refuses to start when a %setting% of a trigger is missing.
        Assert.Equal(new DateTime(2026, 11, 26, 0, 15, 0), FinanceFlow.Workflows.Schedules.RecurringSchedule.NextOccurrence(schedule!, new DateTime(2026, 11, 26, 0, 0, 1)));
    }

    [Fact]
    public void SyncMasterData_IsATimerOnTheMasterDataSyncSchedule()
    {
        var trigger = FunctionsMetadata.Trigger(FunctionsMetadata.Function("SyncMasterData"));

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("%FinanceFlow:MasterData:SyncSchedule%", trigger.GetProperty("schedule").GetString());
    }

    [Fact]
    public void ReconcileLedgers_IsATimerOnTheReconciliationScheduleThatTheSampleSettingsRunNightly()
    {
        var trigger = FunctionsMetadata.Trigger(FunctionsMetadata.Function("ReconcileLedgers"));
        using var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "local.settings.sample.json")));
        var schedule = settings.RootElement.GetProperty("Values").GetProperty("FinanceFlow__Reconciliation__Schedule").GetString();

        Assert.Equal(("timerTrigger", "%FinanceFlow:Reconciliation:Schedule%"), (trigger.GetProperty("type").GetString(), trigger.GetProperty("schedule").GetString()));
        Assert.Equal(new DateTime(2026, 11, 27, 1, 30, 0), FinanceFlow.Workflows.Schedules.RecurringSchedule.NextOccurrence(schedule!, new DateTime(2026, 11, 26, 1, 30, 1)));
    }

    [Fact]
    public void SyncPayments_IsATimerWithADurableClientOnThePaymentSyncScheduleThatTheSampleSettingsRunEveryFifteenMinutesWhenEnabled()
    {
        var function = FunctionsMetadata.Function("SyncPayments");
        var trigger = FunctionsMetadata.Trigger(function);
        using var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "local.settings.sample.json")));
        var values = settings.RootElement.GetProperty("Values");

        Assert.Equal(("timerTrigger", "%FinanceFlow:PaymentSync:Schedule%"), (trigger.GetProperty("type").GetString(), trigger.GetProperty("schedule").GetString()));
        Assert.Contains(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "durableClient");
        Assert.Equal(new DateTime(2026, 11, 26, 0, 15, 0), FinanceFlow.Workflows.Schedules.RecurringSchedule.NextOccurrence(values.GetProperty("FinanceFlow__PaymentSync__Schedule").GetString()!, new DateTime(2026, 11, 26, 0, 0, 1)));
        Assert.Equal("false", values.GetProperty("FinanceFlow__PaymentSync__Enabled").GetString());
    }

    [Fact]
    public void PollConcurDocuments_IsATimerWithADurableClientOnTheConcurPollScheduleThatTheSampleSettingsRunEveryHalfHour()
    {
        var function = FunctionsMetadata.Function("PollConcurDocuments");
        var trigger = FunctionsMetadata.Trigger(function);
        using var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "local.settings.sample.json")));
        var schedule = settings.RootElement.GetProperty("Values").GetProperty("FinanceFlow__Sources__concur__Fis__PollSchedule").GetString();

        Assert.Equal(("timerTrigger", "%FinanceFlow:Sources:concur:Fis:PollSchedule%"), (trigger.GetProperty("type").GetString(), trigger.GetProperty("schedule").GetString()));
        Assert.Contains(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "durableClient");
        Assert.Equal(new DateTime(2026, 11, 26, 0, 30, 0), FinanceFlow.Workflows.Schedules.RecurringSchedule.NextOccurrence(schedule!, new DateTime(2026, 11, 26, 0, 0, 1)));
    }

    [Fact]
    public void SweepStuckRuns_IsATimerWithADurableClientOnTheWatchdogScheduleThatTheSampleSettingsRunEveryFiveMinutes()
    {
        var function = FunctionsMetadata.Function("SweepStuckRuns");
        var trigger = FunctionsMetadata.Trigger(function);
        using var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "local.settings.sample.json")));
        var schedule = settings.RootElement.GetProperty("Values").GetProperty("FinanceFlow__Watchdog__Schedule").GetString();

        Assert.Equal(("timerTrigger", "%FinanceFlow:Watchdog:Schedule%"), (trigger.GetProperty("type").GetString(), trigger.GetProperty("schedule").GetString()));
        Assert.Contains(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "durableClient");
        Assert.Equal(new DateTime(2026, 11, 26, 1, 35, 0), FinanceFlow.Workflows.Schedules.RecurringSchedule.NextOccurrence(schedule!, new DateTime(2026, 11, 26, 1, 30, 1)));
    }

    [Fact]
    public void LocalSettingsSample_DefinesTheMasterDataSyncSchedule()
    {
        using var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "local.settings.sample.json")));
        var schedule = settings.RootElement.GetProperty("Values").GetProperty("FinanceFlow__MasterData__SyncSchedule").GetString();

        // Without it the Functions host cannot index the SyncMasterData timer.
        Assert.Equal(new DateTime(2026, 11, 27, 2, 0, 0), FinanceFlow.Workflows.Schedules.RecurringSchedule.NextOccurrence(schedule!, new DateTime(2026, 11, 26, 2, 0, 1)));
    }

    [Fact]
    public void HttpFunctions_TakeADurableClient()
    {
        foreach (var name in new[] { "ReceiveWebhook", "GetReport", "RetryReport", "PayReport", "RepublishStatusEvents", "GetCardBatch" })
        {
            var bindings = FunctionsMetadata.Function(name).GetProperty("bindings").EnumerateArray();
            Assert.Contains(bindings, b => b.GetProperty("type").GetString() == "durableClient");
        }
    }
}
