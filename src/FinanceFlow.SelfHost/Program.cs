using FinanceFlow.Api;
using FinanceFlow.SelfHost;
using FinanceFlow.SelfHost.Identity;
using FinanceFlow.Workflows;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
{
    // Same address as `func start`, so scripts and docs work against either host.
    builder.WebHost.UseUrls("http://127.0.0.1:7071");
}

builder.Services.AddFinanceFlowWorkflows(builder.Configuration);
builder.Services.AddFinanceFlowApi();
builder.Services.AddFinanceFlowSelfHost(builder.Configuration);
builder.Services.AddFinanceFlowBearerAuthentication();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapFinanceFlow();
app.Run();

/// <summary>Entry point; public so tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
