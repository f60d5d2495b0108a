using FinanceFlow.Api;
using FinanceFlow.Functions;
using FinanceFlow.Workflows;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddFinanceFlowWorkflows(builder.Configuration);
builder.Services.AddFinanceFlowApi();
builder.Services.AddFinanceFlowFunctions();
builder.Build().Run();
