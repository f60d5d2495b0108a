using CsCheck;
using FinanceFlow.Core.Model;
using Xunit.Abstractions;

namespace FinanceFlow.SelfHost.Tests.Hostile;

/// <summary>
/// The hostile corpus against every route that takes a body, on the real self-host and storage: each body is answered with a 2xx or
/// a 4xx problem naming the field, never a 5xx, within the time bound. Webhooks are signed, so the body reaches the parser.
/// </summary>
[Collection(HostileHost.Collection)]
public sealed class HostileRouteTests(HostileHost host, ITestOutputHelper output)
{
    [Fact]
    public Task CanonicalWebhook_HostileBodies_AreAnswered4xxOr2xxInTime() =>
        HostileCorpus.RunAsync("POST /api/v1/webhooks/canonical", HostileBodies.For(Samples.Canonical), 260, SendWebhookAsync(SourceNames.Canonical), output);

    [Fact]
    public Task ConcurWebhook_HostileEvents_AreAnswered4xxOr2xxInTime() =>
        HostileCorpus.RunAsync("POST /api/v1/webhooks/concur", HostileBodies.For(Samples.ConcurEvents(host.Concur)), 130, SendWebhookAsync(SourceNames.Concur), output);

    [Fact]
    public Task Preview_HostileDocumentsOfEverySource_AreAnswered4xxOr2xxInTime() =>
        HostileCorpus.RunAsync(
            "POST /api/v1/preview/{source}",
            Gen.OneOf(
                HostileBodies.For(Samples.Canonical).Select(b => b with { Route = "/api/v1/preview/canonical" }),
                HostileBodies.For(Samples.ConcurDocuments).Select(b => b with { Route = "/api/v1/preview/concur" }),
                HostileBodies.For(Samples.ExpensifyReports).Select(b => b with { Route = "/api/v1/preview/expensify" })),
            240,
            SendAsync(HttpMethod.Post),
            output);

    [Fact]
    public Task Mappings_HostileChanges_AreAnswered4xxOr2xxInTime() =>
        HostileCorpus.RunAsync(
            "PUT /api/v1/mappings/{kind}",
            Gen.OneOf([.. Samples.Mappings.Select(m => HostileBodies.For([m.Sample]).Select(b => b with { Route = "/api/v1/mappings/" + m.Kind }))]),
            150,
            SendAsync(HttpMethod.Put),
            output);

    [Fact]
    public Task MasterData_HostileImports_AreAnswered4xxOr2xxInTime() =>
        HostileCorpus.RunAsync(
            "PUT /api/v1/masterdata/{kind}",
            Gen.OneOf([.. Samples.MasterData.Select(m => Gen.Frequency((3, HostileBodies.For([m.Sample])), (1, HostileCsv.For(m.Sample))).Select(b => b with { Route = "/api/v1/masterdata/" + m.Kind }))]),
            150,
            SendAsync(HttpMethod.Put),
            output);

    [Fact]
    public Task Payment_HostileBodies_AreAnswered4xxOr2xxInTime() =>
        HostileCorpus.RunAsync(
            "POST /api/v1/reports/{source}/{reportId}/payment",
            HostileBodies.For(Samples.Payments).Select(b => b with { Route = $"/api/v1/reports/{HostileHost.PostedReport.Source}/{HostileHost.PostedReport.ReportId}/payment" }),
            130,
            SendAsync(HttpMethod.Post),
            output);

    private Func<HostileBody, Task<Outcome>> SendWebhookAsync(string source) => async body =>
    {
        using var request = host.SignedWebhook(source, body);
        using var response = await host.Http.SendAsync(request);
        return await ProblemAnswers.JudgeAsync(response);
    };

    private Func<HostileBody, Task<Outcome>> SendAsync(HttpMethod method) => async body =>
    {
        using var request = HostileHost.Request(method, body.Route!, body);
        using var response = await host.Http.SendAsync(request);
        return await ProblemAnswers.JudgeAsync(response);
    };
}
