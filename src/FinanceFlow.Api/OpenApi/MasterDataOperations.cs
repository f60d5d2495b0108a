using System.Globalization;
using FinanceFlow.Api.MasterData;
using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Workflows.MasterData;
using static FinanceFlow.Api.Http.RouteNames;

namespace FinanceFlow.Api.OpenApi;

/// <summary>The OpenAPI descriptions of the master-data and mapping routes.</summary>
internal static class MasterDataOperations
{
    private static readonly ApiParameter MasterDataKind = ApiParameter.Path("kind", "The kind of master data.", ApiSchema.OneOf(MasterDataKinds.Names));
    private static readonly ApiParameter MappingKind = ApiParameter.Path("kind", "The kind of mapping.", ApiSchema.OneOf(MappingKinds.Names));
    private static readonly ApiParameter Entity = ApiParameter.Query("entity", "Only this legal entity's records.", ApiSchema.String);
    private static readonly ApiProblem UnknownKind = new(404, "unknown-kind", "no kind of that name");
    private static readonly ApiProblem UnknownChange = new(404, "unknown-mapping-change", "no change of that id");
    private static readonly ApiProblem Decided = new(409, "mapping-change-decided", "the change was approved or rejected before (a double click is one decision)");

    private static readonly ApiSchema MappingChangeBody = ApiSchema.Json("""
        {"type":"object","required":["rules"],"properties":{"rules":{"type":"array","minItems":1,"items":{"type":"object","required":["entity","source","target","effectiveFrom"],
        "properties":{"entity":{"type":"string","maxLength":64},"source":{"type":"string","maxLength":128},"target":{"type":"string","maxLength":128},
        "effectiveFrom":{"type":"string","format":"date"},"effectiveTo":{"type":["string","null"],"format":"date"}}}}}}
        """);

    public static IEnumerable<(string Route, OperationDescription Description)> All()
    {
        yield return (GetMasterData, new OperationDescription("A kind of master data", "The records of one kind, optionally of one entity and active or not.")
        {
            Parameters = [MasterDataKind, Entity, ApiParameter.Query("active", "Only active (true) or inactive (false) records.", ApiSchema.Boolean)],
            Answers = [new(200, "The records.", ApiSchema.Of<MasterDataList>())],
            Problems = [new(400, "invalid-query", "active is not true or false"), UnknownKind],
        });

        yield return (PutMasterData, new OperationDescription(
            "Import a kind of master data",
            "Imports records as JSON (an array of records) or text/csv (a header row, then one record per line). With mode=replace the records of "
            + "the sourceSystem not sent are deactivated; nothing is written while a row is bad unless partial=true.")
        {
            Parameters =
            [
                MasterDataKind,
                ApiParameter.Query("sourceSystem", "Who the records come from, at most 64 printable characters; default `" + ImportQuery.DefaultSourceSystem + "`.", ApiSchema.String),
                ApiParameter.Query("mode", "replace (the sourceSystem's records not sent are deactivated) or merge; the kind's default when absent.", ApiSchema.OneOf(["replace", "merge"])),
                ApiParameter.Query("partial", "true: import the good rows and list the bad ones.", ApiSchema.Boolean),
            ],
            Body = ApiSchema.Json("""{"type":"array","maxItems":10000,"items":{"type":"object"},"description":"The records, with the fields of their kind (docs/master-data.md)."}"""),
            CsvBody = "A header row naming the fields of the kind, then one record per line; lists separated by `;`.",
            Answers = [new(200, "What the import added, changed, left and deactivated, and the rows it rejected (partial=true).", ApiSchema.Of<MasterDataImportAnswer>())],
            Problems =
            [
                new(400, "invalid-query", "sourceSystem, mode or partial is not valid"),
                new(400, "invalid-master-data", "rows failed validation; each error names the line or pointer and the field, nothing written unless partial=true"),
                new(400, "empty-import", "the body holds no records"),
                UnknownKind,
            ],
        });

        yield return (SyncMasterDataNow, new OperationDescription(
            "Run the master-data sync now",
            "Runs the master-data sync (the sync file, then each active entity's ledger chart of accounts). A ledger that is down or a bad row is a problem in the answer, not a failed request.")
        {
            Answers = [new(200, "What each part added, changed and deactivated, and every problem.", ApiSchema.Of<MasterDataSyncAnswer>())],
        });

        yield return (GetMappings, new OperationDescription("The mapping rules of a kind", "The rules in force, optionally of one entity and as of a day.")
        {
            Parameters = [MappingKind, Entity, ApiParameter.Query("at", "The rules in force on this day (yyyy-MM-dd); every version when absent.", ApiSchema.Json("""{"type":"string","format":"date"}"""))],
            Answers = [new(200, "The rules.", ApiSchema.Of<MappingList>())],
            Problems = [new(400, "invalid-query", "at is not a date yyyy-MM-dd"), UnknownKind],
        });

        yield return (PutMappings, new OperationDescription(
            "Propose a change of mapping rules",
            "The rules are checked against the rules in force and kept as a pending proposal; nothing changes until a second principal with the role approves it (maker-checker).")
        {
            Parameters = [MappingKind],
            Body = MappingChangeBody,
            Answers = [new(202, "The proposal, status Pending.", ApiSchema.Of<MappingChangeAnswer>()) { Headers = new Dictionary<string, string> { ["Location"] = "The change: /api/v1/mappings/{kind}/changes/{changeId}." } }],
            Problems = [new(400, "invalid-mapping", "a rule names an unknown account or overlaps another's dates; nothing proposed"), UnknownKind],
        });

        yield return (ListMappingChanges, new OperationDescription("The proposed changes of a kind", "The proposals, newest first.")
        {
            Parameters = [MappingKind, ApiParameter.Query("status", "Only changes in this status.", ApiSchema.OneOf(Enum.GetNames<MappingProposalStatus>()))],
            Answers = [new(200, "The changes.", ApiSchema.Of<MappingChangeList>())],
            Problems = [new(400, "invalid-query", "status is not one of the statuses"), UnknownKind],
        });

        yield return (GetMappingChange, new OperationDescription("One proposed change", "The change with its status, maker, decision and the version its approval made.")
        {
            Parameters = [MappingKind, ChangeId],
            Answers = [new(200, "The change.", ApiSchema.Of<MappingChangeAnswer>())],
            Problems = [UnknownKind, UnknownChange],
        });

        yield return (ApproveMappingChange, new OperationDescription(
            "Approve a proposed change",
            "A second principal puts the change in force, applied to the rules in force now: the answer has the new version and every rule written.")
        {
            Parameters = [MappingKind, ChangeId],
            Answers = [new(200, "The change, approved.", ApiSchema.Of<MappingChangeAnswer>())],
            Problems =
            [
                new(403, "maker-cannot-approve", "the caller proposed the change"),
                UnknownKind,
                UnknownChange,
                Decided,
                new(409, "mapping-change-stale", "the rules or master data changed so the change no longer fits; the errors name the rule; it stays pending"),
                new(409, "mapping-version-conflict", "another change was saved at the same moment; approve again"),
            ],
        });

        yield return (RejectMappingChange, new OperationDescription("Reject a proposed change", "The change never takes effect; its maker may withdraw it so.")
        {
            Parameters = [MappingKind, ChangeId],
            Body = ApiSchema.Json("""{"type":"object","properties":{"reason":{"type":["string","null"],"maxLength":""" + MappingRules.MaxReasonLength.ToString(CultureInfo.InvariantCulture) + "}}}"),
            Answers = [new(200, "The change, rejected.", ApiSchema.Of<MappingChangeAnswer>())],
            Problems =
            [
                new(400, "invalid-decision", "the body is not an object with a string reason of at most 2,000 characters"),
                UnknownKind,
                UnknownChange,
                Decided,
                new(409, "mapping-change-conflict", "the change moved while it was being rejected; read it and try again"),
            ],
        });
    }

    private static ApiParameter ChangeId { get; } = ApiParameter.Path("changeId", "The change id the proposal answered: 32 lower-case hex digits.", ApiSchema.String);
}
