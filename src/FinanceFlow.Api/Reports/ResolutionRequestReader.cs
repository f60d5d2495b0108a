using System.Text.Json;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Workflows;
using FinanceFlow.Workflows.Operations;

namespace FinanceFlow.Api.Reports;

/// <summary>Reads and checks a resolution body, naming every bad field with a JSON pointer.</summary>
public static class ResolutionRequestReader
{
    public static (ResolutionRequest? Request, IReadOnlyList<ProblemFieldError> Errors) Read(byte[] body)
    {
        if (BoundedJson.Check(body) is { Count: > 0 } unreadable)
        {
            return (null, [.. unreadable.Select(e => new ProblemFieldError(e.Pointer, e.Message))]);
        }

        ResolutionRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<ResolutionRequest>(body, FinanceFlowJson.Options);
        }
        catch (JsonException ex)
        {
            var pointer = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : "/" + ex.Path.TrimStart('$', '.').Replace('.', '/');
            return (null, [new ProblemFieldError(pointer, $"Not valid JSON for this field: {ex.Message}")]);
        }

        var errors = ReportResolution.Check(request);
        return (errors.Count == 0 ? request : null, errors);
    }
}
