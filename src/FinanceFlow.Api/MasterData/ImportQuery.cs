using FinanceFlow.Api.Http;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Workflows;
using FinanceFlow.Workflows.MasterData;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Api.MasterData;

/// <summary>The query of an import: <c>?sourceSystem=</c> (default <c>import</c>), <c>?mode=replace|merge</c>, <c>?partial=true</c>.</summary>
internal static class ImportQuery
{
    public const string DefaultSourceSystem = "import";

    public static ImportSettings? Read(HttpRequest request, MasterDataKind kind)
    {
        var errors = Errors(request, kind, out var query);
        return errors.Count == 0 ? query : null;
    }

    public static IResult Invalid(HttpRequest request)
    {
        var errors = Errors(request, MasterDataKind.LegalEntities, out _);
        return Problems.InvalidQuery([.. errors]);
    }

    private static List<ProblemFieldError> Errors(HttpRequest request, MasterDataKind kind, out ImportSettings query)
    {
        var errors = new List<ProblemFieldError>();
        var sourceSystem = request.Query["sourceSystem"].ToString().Trim();
        if (sourceSystem.Length == 0)
        {
            sourceSystem = DefaultSourceSystem;
        }
        else if (sourceSystem.Length > 64 || sourceSystem.Any(char.IsControl))
        {
            errors.Add(new ProblemFieldError("sourceSystem", "sourceSystem must be at most 64 printable characters."));
        }

        var mode = MasterDataMerge.DefaultMode(kind);
        var modeText = request.Query["mode"].ToString();
        if (modeText.Length > 0 && (!modeText.All(char.IsAsciiLetter) || !Enum.TryParse(modeText, ignoreCase: true, out mode)))
        {
            errors.Add(new ProblemFieldError("mode", $"mode must be replace or merge, not '{modeText}'."));
        }

        var partial = false;
        var partialText = request.Query["partial"].ToString();
        if (partialText.Length > 0 && !bool.TryParse(partialText, out partial))
        {
            errors.Add(new ProblemFieldError("partial", $"partial must be true or false, not '{partialText}'."));
        }

        query = new ImportSettings(sourceSystem, mode, partial);
        return errors;
    }
}
