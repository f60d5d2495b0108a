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

    [Fact]
    public async Task List_ByRuntimeStatusAndCreatedTime_AnswersTheMatchingInstancesAsDurableStatusObjects()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var running = await StartAwaitingAsync();
        var done = await engine.Client.ScheduleNewOrchestrationInstanceAsync(TestWorkflows.EchoText, "listed");
        await WaitForStatusAsync(done, HttpStatusCode.OK);

        var response = await Http.GetAsync($"/runtime/webhooks/durabletask/instances?runtimeStatus=Running,Pending&createdTimeFrom={since.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Array, body.ValueKind);
        var listed = body.EnumerateArray().ToList();
        var mine = Assert.Single(listed, i => i.GetProperty("instanceId").GetString() == running);
        Assert.DoesNotContain(listed, i => i.GetProperty("instanceId").GetString() == done);
        Assert.All(listed, i => Assert.Contains(i.GetProperty("runtimeStatus").GetString(), new[] { "Running", "Pending" }));
        Assert.Equal((TestWorkflows.AwaitApproval, "waiting"), (mine.GetProperty("name").GetString(), mine.GetProperty("customStatus").GetString()));
        Assert.False(mine.TryGetProperty("input", out _));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", mine.GetProperty("createdTime").GetString());

        var before = await Http.GetFromJsonAsync<JsonElement>($"/runtime/webhooks/durabletask/instances?createdTimeTo={since.AddMinutes(-10).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
        Assert.DoesNotContain(before.EnumerateArray(), i => i.GetProperty("instanceId").GetString() == running);
    }

    [Fact]
    public async Task List_TopWithContinuationHeader_WalksEveryInstanceOnce()
    {
        var prefix = "page-" + Guid.NewGuid().ToString("N")[..8] + "-";
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await engine.Client.ScheduleNewOrchestrationInstanceAsync(TestWorkflows.EchoText, "p" + i, new Microsoft.DurableTask.StartOrchestrationOptions(prefix + i)));
        }

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/runtime/webhooks/durabletask/instances?instanceIdPrefix={prefix}&top=2&showInput=true");
            if (token is not null)
            {
                request.Headers.Add("x-ms-continuation-token", token);
            }

            using var response = await Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.InRange(page.GetArrayLength(), 0, 2);
            seen.AddRange(page.EnumerateArray().Select(i => i.GetProperty("instanceId").GetString()!));
            Assert.All(page.EnumerateArray(), i => Assert.Equal(JsonValueKind.String, i.GetProperty("input").ValueKind));
            token = response.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.Single() : null;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Null(token);
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.True(pages >= 3, $"{pages} pages for 5 instances 2 at a time");
    }

    [Theory]
    [InlineData("runtimeStatus=Running,Sleeping", "runtimeStatus")]
    [InlineData("createdTimeFrom=yesterday", "createdTimeFrom")]
    [InlineData("top=0", "top")]
    [InlineData("showInput=maybe", "showInput")]
    public async Task List_BadParameter_Answers400ProblemNamingIt(string query, string parameter)
    {
        var response = await Http.GetAsync("/runtime/webhooks/durabletask/instances?" + query);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(parameter, Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("pointer").GetString());
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
