using FinanceFlow.Api.Http;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.Operations;
using static FinanceFlow.Api.Http.RouteNames;

namespace FinanceFlow.Api.OpenApi;

/// <summary>The OpenAPI descriptions of the webhook, report, card and preview routes.</summary>
internal static class ReportOperations
{
    private const string RunAnswerText = "The run's instance id and the report route that shows it (`{\"id\",\"reportUri\"}`); no Durable management URLs.";

    public static IEnumerable<(string Route, OperationDescription Description)> All()
    {
        yield return (ReceiveWebhook, new OperationDescription(
            "Receive a signed report or event from an expense platform",
            "A Standard Webhooks delivery: `canonical` takes a canonical expense report (docs/schemas/canonical-expense-report.schema.json), "
            + "`concur` a Concur event whose document FinanceFlow fetches from Concur's Financial Integration Service. The body is kept as received "
            + "before it is validated. A redelivery sends the same bytes under the same `webhook-id` and is answered as before.")
        {
            Parameters =
            [
                ApiParameter.Path("source", "The expense platform: " + string.Join(", ", WebhookIntake.SupportedSources.Order(StringComparer.Ordinal)) + ".",
                    ApiSchema.OneOf(WebhookIntake.SupportedSources.Order(StringComparer.Ordinal))),
                ApiParameter.Header("webhook-id", "Unique message id, also the idempotency key of the delivery.", required: true),
                ApiParameter.Header("webhook-timestamp", "Unix seconds; at most FinanceFlow__WebhookToleranceSeconds (300 s) away from the host's clock.", required: true),
                ApiParameter.Header("Concur-Signature", "Concur's signature of the body (source `concur`), required when FinanceFlow__Sources__concur__VerifyEventSignature is on or EventPublicKeys are set."),
            ],
            Body = ApiSchema.Json("""
                {"anyOf":[{"$ref":"#/components/schemas/CanonicalExpenseReport"},{"type":"object","description":"A Concur event (source concur): id, eventType, topic, subtopic, correlationId, facts.href on the configured FIS host."}]}
                """),
            Answers =
            [
                new(202, "A new run started for this report version. " + RunAnswerText, ApiSchema.Of<RunAnswer>()),
                new(200, "This report version is known already (nothing started again), or the event starts nothing: a Concur document refused for good is answered with a problem-like notice (`type` `…/concur-document-id-missing`, `…/concur-acknowledgement-refused`, …) so Concur does not redeliver it.",
                    ApiSchema.Json("""{"anyOf":[{"$ref":"#/components/schemas/RunAnswer"},{"type":"object","description":"A notice: the event was taken and starts no run."}]}""")),
            ],
            Problems =
            [
                new(400, "invalid-report", "the canonical report does not match the schema; the errors name each field"),
                new(400, "invalid-concur-event", "the Concur event cannot be read, or names a document not on the configured FIS host"),
                new(401, "invalid-signature", "webhook-signature (or Concur-Signature) is missing, wrong or outside the tolerance"),
                new(404, "unknown-source", "no expense source of that name"),
                new(409, "webhook-id-reused", "the webhook-id was delivered before with a different body; nothing started"),
                new(502, "concur-refused", "Concur FIS refused FinanceFlow's credentials or scope"),
                new(503, "source-not-configured", "the source's webhook secret is not set"),
                new(503, WebhookIntake.StorageUnavailableType, "FinanceFlow's storage is unavailable; send the same bytes with the same webhook-id after Retry-After"),
                new(503, "concur-fis-disabled", "Concur FIS is not enabled"),
                new(503, "concur-unavailable", "Concur FIS is unavailable"),
            ],
        });

        yield return (GetReport, new OperationDescription(
            "A report's status and audit trail",
            "The report's status row (stage, outcome, ERP documents per entity, payment fields, findings), its live run's status and its audit trail, "
            + "each row with its chain sequence and hash.")
        {
            Answers = [new(200, "The report.", ApiSchema.Of<ReportView>())],
            Problems = [ReportNotFound],
        });

        yield return (RetryReport, new OperationDescription(
            "Run a report again",
            "Runs a report again after PostingFailed, PostingInDoubt or AwaitingMasterData, under the same instance id; each ledger's posting stays "
            + "idempotent. A posted report whose receipts the ERP did not take gets them attached without posting again.")
        {
            Answers = [new(202, "The run started again. " + RunAnswerText, ApiSchema.Of<RunAnswer>())],
            Problems =
            [
                ReportNotFound,
                new(409, "already-posted", "the report is posted"),
                new(409, "rejected", "the report was rejected by policy; the source must send a corrected version"),
                new(409, "still-running", "the report's run is still going"),
                new(409, "history-purged", "the run's history was purged; have the source deliver the report again"),
            ],
        });

        yield return (GetReportStory, new OperationDescription(
            "A report's full story",
            "Everything finance needs to understand one report: its status row, findings, journals per entity (posting-log facts, with the lines rebuilt "
            + "from the kept payload under today's rules; `linesAgree` says whether they match what was posted), ERP documents, receipts with read-only "
            + "download links that expire after 5 minutes, and every audit row, oldest first.")
        {
            Answers = [new(200, "The story.", ApiSchema.Of<ReportStoryView>())],
            Problems = [ReportNotFound],
        });

        yield return (ResubmitReport, new OperationDescription(
            "Resubmit a failed or terminated report",
            "Starts the report again from its kept raw payload under the same instance id, for a run that failed or was terminated or a report that "
            + "ended PostingFailed, also after the run's history was purged (which `retry` refuses). Posting stays idempotent: what is in the ledger is "
            + "found, not posted twice. Audited as `ResubmitRequested` with the caller.")
        {
            Answers = [new(202, "The run started again. " + RunAnswerText, ApiSchema.Of<RunAnswer>())],
            Problems =
            [
                ReportNotFound,
                new(409, "still-running", "the report's run is still going"),
                new(409, "already-posted", "the report is posted"),
                new(409, "not-resubmittable", "rejected (the source must send a corrected version), or in doubt / awaiting master data (use retry)"),
                new(409, "raw-payload-unknown", "the status row names no kept payload; have the source deliver the report again"),
                new(409, "raw-payload-missing", "the kept payload is gone; have the source deliver the report again"),
            ],
        });

        yield return (ResolveReportException, new OperationDescription(
            "Resolve a report's open exception",
            "A person's decision about a report AwaitingResolution (its only blocking findings are overridable: a missing receipt, an amount over "
            + "the limit, the approval rules): `approve-override` (role FinanceFlow.Approver, a reason required) posts it with those findings as "
            + "warnings naming the resolver; `fix-and-retry` (role FinanceFlow.Operator) runs its checks again after master data or mappings were "
            + "corrected; `reject` (either role, a reason required) sends it back to the source. Segregation of duties: the report's employee, "
            + "submitter and approvers (matched by the token's email, user name or employeeId claim) are refused. The same decision sent twice "
            + "is one resolution. Audited with the resolver.")
        {
            Body = ApiSchema.Of<ResolutionRequest>(),
            Answers = [new(202, "The decision as recorded (the first one, for a repeat: `repeated` true); the run goes on with it.", ApiSchema.Of<ResolutionAnswer>())],
            Problems =
            [
                new(400, "invalid-resolution", "the action is not one of approve-override, fix-and-retry, reject, or a required reason is missing; the errors name each field"),
                new(403, "segregation-of-duties", "the caller is the report's employee, submitter or one of its approvers"),
                ReportNotFound,
                new(409, "no-open-exception", "the report waits on no exception"),
                new(409, "already-resolved", "the exception was decided otherwise, or by someone else"),
            ],
        });

        yield return (PayReport, new OperationDescription(
            "Record a payment of a posted report",
            "The ERP's payment run reports a payment: Concur gets its payment confirmation, Expensify reports are marked reimbursed once paid in full, "
            + "canonical sources get a signed Paid callback; recorded on the status row with an audit row. Idempotent per paymentReference.")
        {
            Body = ApiSchema.Of<PaymentRequest>(),
            Answers = [new(200, "The payment recorded (or recorded before under this paymentReference: `duplicate` true).", ApiSchema.Of<PaymentView>())],
            Problems =
            [
                new(400, ReportPaymentsInvalid, "a field of the payment is missing or wrong; the errors name each"),
                ReportNotFound,
                new(409, "report-not-posted", "the report is not posted"),
                new(409, "report-total-unknown", "the report's total is not known"),
                new(409, "payment-in-progress", "the same payment is being recorded"),
                new(409, "payment-reference-reused", "the paymentReference was used for another payment"),
                new(409, "payment-not-deliverable", "the payment cannot be sent to the source; nothing was recorded as paid"),
                new(502, "source-refused", "the source refused the payment; nothing was recorded as paid"),
                new(503, "source-unavailable", "the source is unavailable; nothing was recorded as paid"),
            ],
        });

        yield return (RepublishStatusEvents, new OperationDescription(
            "Send a report's status events again",
            "Sends the report's latest outcome event (and paid, when paid) again, with the ids first published, to every status target or one.")
        {
            Parameters = [ApiParameter.Query(StatusRepublish.TargetQuery, "One configured status target; every target when absent.", ApiSchema.String)],
            Answers = [new(200, "A result per target and event.", ApiSchema.Of<StatusRepublishView>())],
            Problems =
            [
                new(400, "unknown-status-target", "target names no configured status target"),
                ReportNotFound,
                new(409, "still-running", "the run is still going; it publishes the outcome when it ends"),
                new(409, "history-purged", "the run's history was purged, so its outcome event cannot be rebuilt"),
                new(409, "no-outcome", "the run ended without an outcome"),
            ],
        });

        yield return (VerifyReportAudit, new OperationDescription(
            "Check a report's audit trail against its hash chain",
            "Whether the report's audit rows still form their hash chain, with the first break. The key may also be another audit key: card batches "
            + "under their source, masterdata/{kind}, masterdata/sync, mappings/{kind}, reconciliation/{yyyy-MM-dd}.")
        {
            Answers = [new(200, "The chain is intact or broken (`intact`, `firstBreak`).", ApiSchema.Of<AuditVerificationView>())],
            Problems = [new(404, "report-not-found", "no audit row is kept under this key")],
        });

        yield return (GetCardBatch, new OperationDescription(
            "A card batch from the card feed",
            "The batch's outcome, its journal's posting and each transaction with its match state.")
        {
            Parameters = [ApiParameter.Path("batchId", "The batch id the card feed delivered.", ApiSchema.String)],
            Answers = [new(200, "The batch.", ApiSchema.Of<CardBatchView>())],
            Problems = [new(404, "card-batch-not-found", "no such batch has been received for the entity")],
        });

        yield return (PreviewReport, new OperationDescription(
            "What a source document would post, with no side effects",
            "The canonical report, the journals it would post (one per entity when enrichment is on), every policy and journal finding, and "
            + "whether it would post. Sources: canonical (the canonical schema), concur (a Financial Integration Service document), expensify "
            + "(one report as the FinanceFlow export template emits it).")
        {
            Parameters = [ApiParameter.Path("source", "canonical, concur or expensify.", ApiSchema.String)],
            Body = ApiSchema.Json("""{"type":"object","description":"The source's document: a canonical report, a Concur FIS document or an Expensify export."}"""),
            Answers = [new(200, "The preview.", ApiSchema.Of<PreviewResult>())],
            Problems =
            [
                new(400, "invalid-document", "the document cannot be read; the errors name each field"),
                new(404, "unknown-source", "no expense source of that name"),
            ],
        });
    }

    private const string ReportPaymentsInvalid = "invalid-payment";

    private static ApiProblem ReportNotFound { get; } = new(404, "report-not-found", "no report under this key has been received");
}
