using System.Text;
using System.Text.Json;
using FinanceFlow.Api.Intake;
using FinanceFlow.Connectors.Callbacks;
using FinanceFlow.Connectors.Concur;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using FinanceFlow.Core.Security;
using FinanceFlow.Functions.Http;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.Operations;
using FinanceFlow.Workflows.Sources;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace FinanceFlow.Functions.Tests;

public sealed class HttpFunctionTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
    private readonly Mock<IRawPayloadStore> _raw = new();
    private readonly Mock<IReportStatusStore> _statuses = new();
    private readonly Mock<IAuditTrail> _audit = new();
    private readonly Mock<DurableTaskClient> _client = new("functions");
    private readonly IntakeStorageCircuit _circuit = new IntakeStorageCircuit(Microsoft.Extensions.Options.Options.Create(new IntakeOptions()), TimeProvider.System, NullLogger<IntakeStorageCircuit>.Instance);

    /// <summary>The Functions host with App Service authentication on, as infra/ deploys it.</summary>
    private readonly ApiFunction _api = Api(platformAuthentication: true);

    public HttpFunctionTests()
    {
        _raw.Setup(r => r.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<BinaryData>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync("canonical/2026/11/26/msg_f1.json");
    }

    [Fact]
    public async Task ReceiveWebhook_SignedReport_Answers202WithTheReportUrlAndNoManagementUrl()
    {
        var body = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "schemas", "examples", "canonical-expense-report.example.json"));
        var request = SignedRequest(body, DateTimeOffset.UtcNow);
        var functions = Webhooks();

        var result = await functions.ReceiveWebhook(request, "canonical", _client.Object, CancellationToken.None);
        var (status, json) = await ExecuteAsync(result, request);

        Assert.Equal(202, status);
        Assert.StartsWith("https://ff.azurewebsites.net/api/v1/reports/canonical/", json.GetProperty("reportUri").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("runtime/webhooks", json.GetRawText(), StringComparison.Ordinal);
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.Is<TaskName>(n => n.Name == "ProcessExpenseReport"), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task ReceiveWebhook_StorageUnavailable_Answers503WithRetryAfterAndStartsNothing()
    {
        _raw.Setup(r => r.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<BinaryData>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new Azure.RequestFailedException(503, "The server is busy."));
        var body = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "schemas", "examples", "canonical-expense-report.example.json"));
        var request = SignedRequest(body, DateTimeOffset.UtcNow);

        var result = await Webhooks().ReceiveWebhook(request, "canonical", _client.Object, CancellationToken.None);
        var (status, json) = await ExecuteAsync(result, request);

        Assert.Equal(503, status);
        Assert.Equal("application/problem+json", request.HttpContext.Response.ContentType);
        Assert.Equal("https://financeflow.dev/problems/storage-unavailable", json.GetProperty("type").GetString());
        Assert.Equal("5", request.HttpContext.Response.Headers.RetryAfter.ToString());
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ReceiveWebhook_Unsigned_Answers401ProblemDetails()
    {
        var request = SignedRequest("{}", DateTimeOffset.UtcNow);
        request.Headers.Remove(StandardWebhook.SignatureHeader);

        var result = await Webhooks().ReceiveWebhook(request, "canonical", _client.Object, CancellationToken.None);
        var (status, json) = await ExecuteAsync(result, request);

        Assert.Equal(401, status);
        Assert.Equal("application/problem+json", request.HttpContext.Response.ContentType);
        Assert.Contains("webhook-signature", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetReport_UnknownReport_Answers404ProblemDetails()
    {
        var request = SignedRequest(string.Empty, DateTimeOffset.UtcNow);

        var result = await Reports().GetReport(request, "canonical", "R-404", _client.Object, CancellationToken.None);
        var (status, json) = await ExecuteAsync(result, request);

        Assert.Equal(404, status);
        Assert.Contains("R-404", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PayReport_UnknownReport_Answers404ProblemDetails()
    {
        var request = SignedRequest("""{"paidAt":"2026-11-20T10:00:00Z","amount":1,"currency":"EUR","paymentReference":"P-1"}""", DateTimeOffset.UtcNow);

        var result = await Reports().PayReport(request, "canonical", "R-404", _client.Object, CancellationToken.None);
        var (status, json) = await ExecuteAsync(result, request);

        Assert.Equal(404, status);
        Assert.Equal("application/problem+json", request.HttpContext.Response.ContentType);
        Assert.Contains("R-404", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepublishStatusEvents_UnknownReport_Answers404ProblemDetails()
    {
        var request = SignedRequest(string.Empty, DateTimeOffset.UtcNow);

        var result = await Reports().RepublishStatusEvents(request, "canonical", "R-404", _client.Object, CancellationToken.None);
        var (status, json) = await ExecuteAsync(result, request);

        Assert.Equal(404, status);
        Assert.Equal("application/problem+json", request.HttpContext.Response.ContentType);
        Assert.Contains("R-404", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PayReport_NoPlatformPrincipal_Answers401AndRecordsNothing()
    {
        var request = SignedRequest("""{"paidAt":"2026-11-20T10:00:00Z","amount":1,"currency":"EUR","paymentReference":"P-1"}""", DateTimeOffset.UtcNow);
        request.Headers.Remove(PlatformPrincipal.Header);

        var (status, json) = await ExecuteAsync(await Reports().PayReport(request, "canonical", "R-1", _client.Object, CancellationToken.None), request);

        Assert.Equal(401, status);
        Assert.Equal("application/problem+json", request.HttpContext.Response.ContentType);
        Assert.Contains("bearer token", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        _statuses.Verify(s => s.GetAsync(It.IsAny<ReportKey>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task PayReport_PrincipalWithoutThePaymentsRole_Answers403NamingIt()
    {
        var request = SignedRequest("{}", DateTimeOffset.UtcNow, PlatformPrincipalHeader("ops@example.com", FinanceFlowRoles.Reader, FinanceFlowRoles.Operator));

        var (status, json) = await ExecuteAsync(await Reports().PayReport(request, "canonical", "R-1", _client.Object, CancellationToken.None), request);

        Assert.Equal(403, status);
        Assert.Contains(FinanceFlowRoles.Payments, json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        _statuses.Verify(s => s.GetAsync(It.IsAny<ReportKey>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task GetReport_PrincipalHeaderWhilePlatformAuthenticationIsOff_IsNotBelieved()
    {
        // Without App Service authentication nothing strips the header a client sends, so it proves nothing.
        var request = SignedRequest(string.Empty, DateTimeOffset.UtcNow);
        var functions = new ReportFunctions(Api(platformAuthentication: false), null!, null!, null!, null!);

        var (status, _) = await ExecuteAsync(await functions.GetReport(request, "canonical", "R-1", _client.Object, CancellationToken.None), request);

        Assert.Equal(401, status);
    }

    [Fact]
    public async Task ReceiveWebhook_NoPrincipal_IsTakenOnItsSignature()
    {
        var body = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "schemas", "examples", "canonical-expense-report.example.json"));
        var request = SignedRequest(body, DateTimeOffset.UtcNow);
        request.Headers.Remove(PlatformPrincipal.Header);

        var (status, _) = await ExecuteAsync(await Webhooks().ReceiveWebhook(request, "canonical", _client.Object, CancellationToken.None), request);

        Assert.Equal(202, status);
    }

    private ReportFunctions Reports()
    {
        var statusFanOut = new FinanceFlow.Workflows.StatusFanOut.StatusPublishing(
            [], Options(), new FinanceFlow.Workflows.Audit.StepAudit(_audit.Object, TimeProvider.System), TimeProvider.System,
            NullLogger<FinanceFlow.Workflows.StatusFanOut.StatusPublishing>.Instance);
        return new(
            _api,
            new ReportQuery(_statuses.Object, _audit.Object),
            new ReportRetry(_statuses.Object, _audit.Object, Options(), TimeProvider.System),
            new ReportPayments(
                _statuses.Object, Mock.Of<FinanceFlow.Infrastructure.Payments.IPaymentStore>(), _audit.Object, [], new CallbackPayment(Mock.Of<ISourceCallbackClient>(), TimeProvider.System),
                statusFanOut, TimeProvider.System, NullLogger<ReportPayments>.Instance),
            new StatusRepublish(_statuses.Object, _audit.Object, statusFanOut));
    }

    [Fact]
    public async Task MasterDataAndMappings_UnknownKind_Answer404ProblemDetailsNamingTheKnownKinds()
    {
        var source = new Mock<FinanceFlow.Workflows.MasterData.IMasterDataSource>();
        var store = Mock.Of<FinanceFlow.Infrastructure.MasterData.IMasterDataStore>();
        var writer = new FinanceFlow.Workflows.MasterData.MasterDataWriter(store, Mock.Of<FinanceFlow.Infrastructure.MasterData.ISyncRunStore>(), _audit.Object, source.Object);
        var functions = new MasterDataFunctions(
            _api,
            new FinanceFlow.Workflows.MasterData.MasterDataRecords(store, writer, TimeProvider.System),
            null!,
            new FinanceFlow.Workflows.MasterData.MappingRules(Mock.Of<FinanceFlow.Infrastructure.Mappings.IMappingStore>(), source.Object, _audit.Object, TimeProvider.System));

        var masterRequest = SignedRequest("[]", DateTimeOffset.UtcNow);
        var (masterStatus, masterJson) = await ExecuteAsync(await functions.PutMasterData(masterRequest, "vendors", CancellationToken.None), masterRequest);
        var mappingRequest = SignedRequest(string.Empty, DateTimeOffset.UtcNow);
        var (mappingStatus, mappingJson) = await ExecuteAsync(await functions.GetMappings(mappingRequest, "vendors", CancellationToken.None), mappingRequest);

        Assert.Equal((404, 404), (masterStatus, mappingStatus));
        Assert.Contains("cost-centers", masterJson.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("account-roles", mappingJson.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private WebhookFunctions Webhooks()
    {
        var intakeAudit = new IntakeAudit(_audit.Object, TimeProvider.System);
        var admissions = new ReportAdmission(_statuses.Object, intakeAudit, _circuit, Options(), NullLogger<ReportAdmission>.Instance);
        var (concur, signature) = ConcurIntake(admissions, intakeAudit);
        return new(
            _api,
            new WebhookAuthentication(signature, Options(), TimeProvider.System, NullLogger<WebhookAuthentication>.Instance),
            new WebhookIntake(_raw.Object, admissions, intakeAudit, concur, _circuit, TimeProvider.System));
    }

    /// <summary>The Concur part with Concur FIS off, as by default; these tests use the canonical source.</summary>
    private (ConcurEventIntake Intake, ConcurEventSignature Signature) ConcurIntake(ReportAdmission admissions, IntakeAudit intakeAudit)
    {
        var configuration = new ConfigurationBuilder().Build();
        var fis = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddConcurFis(configuration).BuildServiceProvider();
        return (new ConcurEventIntake(
            fis.GetRequiredService<ConcurFisClient>(),
            fis.GetRequiredService<IOptions<ConcurFisOptions>>(),
            _raw.Object,
            new ConcurDocumentAdapter(Mock.Of<IOptionsMonitor<ConcurPostingOptions>>(), Mock.Of<IOptionsMonitor<AccountMap>>(), TimeProvider.System),
            admissions,
            intakeAudit,
            _statuses.Object,
            _circuit,
            TimeProvider.System,
            NullLogger<ConcurEventIntake>.Instance), fis.GetRequiredService<ConcurEventSignature>());
    }

    private static IOptionsMonitor<FinanceFlowOptions> Options()
    {
        var options = new FinanceFlowOptions { Sources = new(StringComparer.OrdinalIgnoreCase) { ["canonical"] = new SourceSettings { WebhookSecret = Secret } } };
        return Mock.Of<IOptionsMonitor<FinanceFlowOptions>>(m => m.CurrentValue == options);
    }

    private static ApiFunction Api(bool platformAuthentication) =>
        new(new PlatformPrincipal(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [PlatformPrincipal.EnabledSetting] = platformAuthentication ? "True" : null })
            .Build()));

    /// <summary>The <c>X-MS-CLIENT-PRINCIPAL</c> header App Service authentication puts on a signed-in caller's request.</summary>
    private static string PlatformPrincipalHeader(string name, params string[] roles) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new
        {
            auth_typ = "aad",
            name_typ = "preferred_username",
            role_typ = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
            claims = new[] { new { typ = "preferred_username", val = name } }.Concat(roles.Select(r => new { typ = "roles", val = r })).ToArray(),
        }));

    private static HttpRequest SignedRequest(string body, DateTimeOffset now, string? principal = null)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = now.ToUnixTimeSeconds();
        context.Request.Method = "POST";
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("ff.azurewebsites.net");
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = bytes.Length;
        context.Request.Body = new MemoryStream(bytes);
        context.Request.Headers[StandardWebhook.IdHeader] = "msg_f1";
        context.Request.Headers[StandardWebhook.TimestampHeader] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Request.Headers[StandardWebhook.SignatureHeader] = StandardWebhook.Sign(Secret, "msg_f1", timestamp, bytes);
        context.Request.Headers[PlatformPrincipal.Header] = principal ?? PlatformPrincipalHeader("ops@example.com", [.. FinanceFlowRoles.All]);
        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    private static async Task<(int Status, JsonElement Json)> ExecuteAsync(IActionResult result, HttpRequest request)
    {
        var context = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
        context.Response.Body.Position = 0;
        using var document = await JsonDocument.ParseAsync(context.Response.Body);
        return (context.Response.StatusCode, document.RootElement.Clone());
    }

}
