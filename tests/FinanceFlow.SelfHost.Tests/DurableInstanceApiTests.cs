using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinanceFlow.Testing;

namespace FinanceFlow.SelfHost.Tests;

public sealed class DurableInstanceApiTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private const string Instances = "/runtime/webhooks/durabletask/instances/";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private HttpClient Http => engine.Http;

    [Fact]
    public async Task Health_WorkerStarted_Ok()
    {
        var response = await Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(0, health.GetProperty("engine").GetProperty("recoveries").GetInt32());
    }

    [Fact]
    public async Task Status_UnknownInstance_NotFound()
    {
        var response = await Http.GetAsync(Instances + "nope-" + Guid.NewGuid().ToString("N"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Status_RunningInstance_AcceptedWithDurableJsonAndLocation()
    {
        var id = await StartAwaitingAsync();

        var response = await Http.GetAsync(Instances + id);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(new Uri(Http.BaseAddress!, Instances + id), response.Headers.Location);
        Assert.Equal(TestWorkflows.AwaitApproval, body.GetProperty("name").GetString());
        Assert.Equal(id, body.GetProperty("instanceId").GetString());
        Assert.Equal("Running", body.GetProperty("runtimeStatus").GetString());
        Assert.Equal(JsonValueKind.Object, body.GetProperty("input").ValueKind);
        Assert.Equal("in", body.GetProperty("input").GetProperty("text").GetString());
        Assert.Equal(7.5m, body.GetProperty("input").GetProperty("amount").GetDecimal());
        Assert.Equal("waiting", body.GetProperty("customStatus").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("output").ValueKind);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", body.GetProperty("createdTime").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", body.GetProperty("lastUpdatedTime").GetString());

        var withoutInput = await Http.GetFromJsonAsync<JsonElement>(Instances + id + "?showInput=false");
        Assert.False(withoutInput.TryGetProperty("input", out _));
    }

    [Fact]
    public async Task RaiseEvent_RunningInstance_CompletesAndStatusIsOkWithOutputObject()
    {
        var id = await StartAwaitingAsync();

        var raised = await Http.PostAsJsonAsync(Instances + id + "/raiseEvent/" + TestWorkflows.ApprovalEvent, new { text = "yes", amount = 2.5m });
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        await WaitForStatusAsync(id, HttpStatusCode.OK);

        var body = await Http.GetFromJsonAsync<JsonElement>(Instances + id);
        Assert.Equal("Completed", body.GetProperty("runtimeStatus").GetString());
        Assert.Equal("in+yes", body.GetProperty("output").GetProperty("text").GetString());
        Assert.Equal(10m, body.GetProperty("output").GetProperty("amount").GetDecimal());
        Assert.Equal("approved", body.GetProperty("customStatus").GetString());

        Assert.Equal(HttpStatusCode.Gone, (await Http.PostAsJsonAsync(Instances + id + "/raiseEvent/Approval", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await Http.PostAsync(Instances + id + "/terminate?reason=late", null)).StatusCode);
    }

    [Fact]
    public async Task RaiseEventAndTerminate_UnknownInstance_NotFound()
    {
        var id = "nope-" + Guid.NewGuid().ToString("N");

        Assert.Equal(HttpStatusCode.NotFound, (await Http.PostAsJsonAsync(Instances + id + "/raiseEvent/Approval", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.PostAsync(Instances + id + "/terminate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.DeleteAsync(Instances + id)).StatusCode);
    }

    [Fact]
    public async Task Terminate_RunningInstance_AcceptedThenBadRequestStatusWithReason()
    {
        var id = await StartAwaitingAsync();

        var terminated = await Http.PostAsync(Instances + id + "/terminate?reason=duplicate%20report", null);
        Assert.Equal(HttpStatusCode.Accepted, terminated.StatusCode);
        await WaitForStatusAsync(id, HttpStatusCode.BadRequest);

        var body = await (await Http.GetAsync(Instances + id)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Terminated", body.GetProperty("runtimeStatus").GetString());
        Assert.Equal("duplicate report", body.GetProperty("output").GetString());
    }

    [Fact]
    public async Task Status_FailedInstance_BadRequestWithErrorMessageAsOutput()
    {
        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(TestWorkflows.Fail, "R-9");
        await WaitForStatusAsync(id, HttpStatusCode.BadRequest);

        var response = await Http.GetAsync(Instances + id);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("Failed", body.GetProperty("runtimeStatus").GetString());
        Assert.Contains("Report R-9 broke the rules.", body.GetProperty("output").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_CompletedInstance_OkWithCountThenNotFound()
    {
        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(TestWorkflows.EchoText, "bye");
        await WaitForStatusAsync(id, HttpStatusCode.OK);

        var deleted = await Http.DeleteAsync(Instances + id);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(1, (await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(Instances + id)).StatusCode);
    }

    private async Task<string> StartAwaitingAsync()
    {
        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(TestWorkflows.AwaitApproval, new Ping("in", 7.5m));
        await WaitFor.ConditionAsync(
            async () => (await engine.Client.GetInstanceAsync(id, getInputsAndOutputs: true))?.SerializedCustomStatus is not null,
            Timeout,
            $"{id} to wait for approval");
        return id;
    }

    private Task WaitForStatusAsync(string id, HttpStatusCode expected) =>
        WaitFor.ConditionAsync(async () => (await Http.GetAsync(Instances + id)).StatusCode == expected, Timeout, $"{id} to answer {expected}");
}
