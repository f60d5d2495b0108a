using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Security;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.Workflows.Operations;

/// <summary>Who asks for a resolution, as the host validated them: the audit name, the identities the token carries, and the roles it holds.</summary>
/// <param name="Identities">The token's email, user name and <c>employeeId</c> claims: each is compared with the report's parties.</param>
public sealed record Resolver(string Name, IReadOnlyList<string> Identities, IReadOnlyCollection<string> Roles);

/// <summary>The body of <c>POST …/resolution</c>.</summary>
public sealed record ResolutionRequest(string Action, string? Reason);

/// <summary>What the resolution route answers: the decision as recorded (the first one, for a repeated request).</summary>
/// <param name="Repeated">True when this exact decision had been recorded before (a double click): nothing was sent again.</param>
public sealed record ResolutionAnswer(string Source, string ReportId, int Version, string ExceptionId, string Action, string? Reason, string Resolver, DateTimeOffset At, bool Repeated);

/// <summary>
/// <c>POST /api/v1/reports/{source}/{reportId}/resolution</c>: a person's decision about a report waiting on an overridable exception.
/// Checks the role the action needs and segregation of duties (none of the report's employee, submitter or approvers), records the
/// decision on the status row once (a double click finds it), audits the request and tells the run (external event
/// <c>ExceptionResolved</c>).
/// </summary>
public sealed class ReportResolution(IReportStatusStore statuses, StepAudit audit, TimeProvider time, ILogger<ReportResolution> logger)
{
    /// <summary>The longest reason kept.</summary>
    public const int MaxReasonLength = 2000;

    /// <summary>The role each action needs.</summary>
    public static IReadOnlyList<string> RolesFor(string action) => action switch
    {
        ResolutionActions.ApproveOverride => [FinanceFlowRoles.Approver],
        ResolutionActions.FixAndRetry => [FinanceFlowRoles.Operator],
        _ => [FinanceFlowRoles.Approver, FinanceFlowRoles.Operator],
    };

    /// <summary>The body's problems, each naming its field; empty when it is good.</summary>
    public static IReadOnlyList<ProblemFieldError> Check(ResolutionRequest? request)
    {
        if (request is null)
        {
            return [new ProblemFieldError("", "A JSON object {\"action\": …, \"reason\": …} is required.")];
        }

        var errors = new List<ProblemFieldError>();
        if (!ResolutionActions.All.Contains(request.Action ?? string.Empty, StringComparer.Ordinal))
        {
            errors.Add(new("/action", $"action must be one of {string.Join(", ", ResolutionActions.All)}."));
        }

        if (request.Action is ResolutionActions.ApproveOverride or ResolutionActions.Reject && string.IsNullOrWhiteSpace(request.Reason))
        {
            errors.Add(new("/reason", $"A reason is required to {request.Action}: the auditors read it."));
        }

        if (request.Reason is { Length: > MaxReasonLength })
        {
            errors.Add(new("/reason", $"The reason is {request.Reason.Length} characters; at most {MaxReasonLength}."));
        }

        return errors;
    }

    public async Task<Answer<ResolutionAnswer>> ResolveAsync(ReportKey key, ResolutionRequest request, Resolver resolver, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(client);
        var roles = RolesFor(request.Action);
        if (!roles.Any(resolver.Roles.Contains))
        {
            return new Refusal(RefusalKind.Forbidden, "forbidden", "Role required",
                $"To {request.Action} a report's exception needs the role {string.Join(" or ", roles)}; the caller has {(resolver.Roles.Count == 0 ? "no FinanceFlow role" : string.Join(", ", resolver.Roles))}.");
        }

        var row = await statuses.GetAsync(key, cancellationToken);
        if (row is null)
        {
            return ReportQuery.ReportNotFound(key);
        }

        if (row.Exception is not { } open || (row.Outcome != ReportOutcome.AwaitingResolution && open.Resolution is null))
        {
            return NoOpenException(key, row);
        }

        if (Party(open, resolver) is { } party)
        {
            return new Refusal(RefusalKind.Forbidden, "segregation-of-duties", "Not yours to resolve",
                $"{resolver.Name} is the report's {party.Role} ({party.Id}{(party.Email is null ? string.Empty : ", " + party.Email)}); someone who is not its employee, submitter or one of its approvers must resolve it.");
        }

        var decision = new ExceptionResolution(open.Id, request.Action, request.Reason?.Trim(), resolver.Name, time.GetUtcNow());
        var (status, now) = await statuses.RecordResolutionAsync(key, decision, cancellationToken);
        switch (status)
        {
            case ResolutionRecording.NotFound:
                return ReportQuery.ReportNotFound(key);
            case ResolutionRecording.NotOpen:
                return NoOpenException(key, now ?? row);
            case ResolutionRecording.AlreadyDecided:
                return await RepeatedAsync(now!, open, decision, client, cancellationToken);
        }

        await audit.RecordAsync(
            new StepContext(key.Source, key.ReportId, row.Version, row.InstanceId, resolver.Name), "Resolution", AuditOutcomes.ResolutionRequested, decision,
            $"exception {open.Id}: {decision.Action}" + (decision.Reason is null ? string.Empty : ": " + decision.Reason), cancellationToken);
        await RaiseAsync(client, now!, decision, cancellationToken);
        logger.LogInformation("{Resolver} resolved exception {ExceptionId} of {Source} report {ReportId}: {Action}", resolver.Name, open.Id, key.Source, key.ReportId, decision.Action);
        return Answer(now!, decision, repeated: false);
    }

    // The same decision again (a double click, a retried request): one resolution. Told again while the run still waits, in case the
    // first telling was lost; the run takes the first event about this exception and ignores the rest. Another decision: 409.
    private static async Task<Answer<ResolutionAnswer>> RepeatedAsync(
        ReportStatusRecord row, OpenException open, ExceptionResolution decision, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var first = row.Exception!.Resolution!;
        if (first.Action != decision.Action || first.Resolver != decision.Resolver)
        {
            return Refusal.Conflict("already-resolved", "Already resolved",
                $"Exception {open.Id} was resolved {first.Action} by {first.Resolver} at {first.At:yyyy-MM-dd HH:mm:ss} UTC.");
        }

        if (row.Outcome == ReportOutcome.AwaitingResolution)
        {
            await RaiseAsync(client, row, first, cancellationToken);
        }

        return Answer(row, first, repeated: true);
    }

    private static Task RaiseAsync(DurableTaskClient client, ReportStatusRecord row, ExceptionResolution decision, CancellationToken cancellationToken) =>
        client.RaiseEventAsync(row.InstanceId, ExceptionWait.EventName, decision, cancellationToken);

    private static ResolutionAnswer Answer(ReportStatusRecord row, ExceptionResolution decision, bool repeated) =>
        new(row.Source, row.ReportId, row.Version, decision.ExceptionId, decision.Action, decision.Reason, decision.Resolver, decision.At, repeated);

    private static Refusal NoOpenException(ReportKey key, ReportStatusRecord row) =>
        Refusal.Conflict("no-open-exception", "No open exception",
            $"Report {key.ReportId} v{row.Version} waits on no exception (it is {row.Outcome}); only a report AwaitingResolution can be resolved.");

    // Matched by any identity the token carries (email, user name, employeeId) against the parties' ids and emails, ignoring case.
    private static ExceptionParty? Party(OpenException open, Resolver resolver) =>
        open.Parties.FirstOrDefault(p => resolver.Identities.Any(i =>
            !string.IsNullOrWhiteSpace(i)
            && (string.Equals(i.Trim(), p.Id, StringComparison.OrdinalIgnoreCase) || string.Equals(i.Trim(), p.Email, StringComparison.OrdinalIgnoreCase))));
}
