using System.Text;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Infrastructure.MasterData;
using FinanceFlow.Workflows.Http;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Workflows.MasterData;

/// <summary>What <c>GET /api/v1/masterdata/{kind}</c> answers; records are written as their concrete type.</summary>
public sealed record MasterDataList(string Kind, int Count, IReadOnlyList<object> Records);

/// <summary>What a successful <c>PUT /api/v1/masterdata/{kind}</c> answers: what the import did and the rows it left out.</summary>
public sealed record MasterDataImportAnswer(SyncSummary Summary, IReadOnlyList<ProblemFieldError> Rejected);

/// <summary>Reads and bulk-imports governed master data, one kind at a time, with a sync summary and an audit row per import.</summary>
public sealed class MasterDataHandler(IMasterDataStore store, MasterDataWriter writer, TimeProvider time)
{
    /// <summary>Largest import body: 20 MiB.</summary>
    public const int MaxBodyBytes = 20 * 1024 * 1024;

    /// <summary>The audit "source" the rows of master-data imports are filed under, with the kind's route name as id.</summary>
    public const string AuditSource = MasterDataWriter.AuditSource;

    public const string ImportedStep = "MasterDataImported";

    public async Task<IResult> GetAsync(HttpRequest request, string kind, CancellationToken cancellationToken)
    {
        if (!MasterDataKinds.TryParse(kind, out var parsed))
        {
            return UnknownKind(kind);
        }

        var entity = request.Query["entity"].ToString();
        bool? active = null;
        if (request.Query["active"].ToString() is { Length: > 0 } activeText)
        {
            if (!bool.TryParse(activeText, out var flag))
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "invalid-query", "Invalid query", "active must be true or false.", [new ProblemFieldError("active", $"'{activeText}' is not true or false")]);
            }

            active = flag;
        }

        var records = (await store.LoadAsync(parsed, cancellationToken))
            .Where(r => active is null || r.Active == active)
            .Where(r => entity.Length == 0 || BelongsTo(r, entity))
            .OrderBy(r => r.Key, StringComparer.OrdinalIgnoreCase)
            .ToList<object>();
        return Results.Json(new MasterDataList(MasterDataKinds.NameOf(parsed), records.Count, records), FinanceFlowJson.Options);
    }

    public async Task<IResult> PutAsync(HttpRequest request, string kind, CancellationToken cancellationToken)
    {
        if (!MasterDataKinds.TryParse(kind, out var parsed))
        {
            return UnknownKind(kind);
        }

        var csv = RequestBody.MediaType(request) == "text/csv";
        if (!csv && !RequestBody.IsJson(request))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported content type", $"Send application/json or text/csv, not '{request.ContentType}'.");
        }

        if (ImportQuery.Read(request, parsed) is not { } query)
        {
            return ImportQuery.Invalid(request);
        }

        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "Body too large", $"An import may be at most {MaxBodyBytes} bytes (20 MiB); split it, e.g. with mode=merge.");
        }

        var import = csv ? MasterDataImport.ParseCsv(parsed, Encoding.UTF8.GetString(body)) : MasterDataImport.ParseJson(parsed, body);
        var rejected = import.Errors.Select(ToProblemError).ToList();
        if (import.Errors.Count > 0 && (!query.Partial || import.Records.Count == 0))
        {
            return Problems.Create(
                StatusCodes.Status400BadRequest,
                "invalid-master-data",
                $"The {MasterDataKinds.NameOf(parsed)} import was refused",
                $"{import.RejectedRows} of {import.Rows} row(s) failed validation; nothing was written.{(query.Partial ? "" : " Add partial=true to import the good rows only.")}",
                rejected);
        }

        if (import.Rows == 0)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "empty-import", "Nothing to import", "The body holds no records; an empty replace would deactivate every record of the source system.");
        }

        // A rejected row still names a record the source has: replacing around it would retire that record for a typo.
        var mode = import.Errors.Count > 0 ? SyncMode.Merge : query.Mode;
        var now = time.GetUtcNow();
        var summary = await writer.MergeAsync(parsed, import.Records, query.SourceSystem, mode, now, cancellationToken);
        await writer.AuditAsync(
            MasterDataKinds.NameOf(parsed),
            ImportedStep,
            import.Errors.Count > 0 ? "PartiallyImported" : "Imported",
            CallerIdentity.Of(request),
            request.HttpContext.TraceIdentifier,
            Sha256.Hex(body),
            new { Summary = summary, Mode = mode, Rejected = import.RejectedRows },
            now,
            cancellationToken);
        return Results.Json(new MasterDataImportAnswer(summary, rejected), FinanceFlowJson.Options);
    }

    private static bool BelongsTo(MasterRecord record, string entity) => record switch
    {
        CurrencyRecord currency => currency.Entities.Any(e => e == CurrencyRecord.AllEntities || string.Equals(e, entity, StringComparison.OrdinalIgnoreCase)),
        _ => MasterDataRecordTypes.EntityOf(record) is not { } owner || string.Equals(owner, entity, StringComparison.OrdinalIgnoreCase),
    };

    private static ProblemFieldError ToProblemError(ImportError error) =>
        new(error.Location, error.Detail) { Field = error.Field, Line = error.Line };

    internal static IResult UnknownKind(string kind) =>
        Problems.Create(StatusCodes.Status404NotFound, "unknown-kind", "Unknown master-data kind", $"There is no master-data kind '{kind}'. Known kinds: {string.Join(", ", MasterDataKinds.Names)}.");
}
