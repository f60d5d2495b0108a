namespace FinanceFlow.Core.Model;

/// <summary>What a person may decide about a report waiting with an overridable exception.</summary>
public static class ResolutionActions
{
    /// <summary>Post it anyway (role <c>FinanceFlow.Approver</c>; a reason is required): the overridable findings become warnings.</summary>
    public const string ApproveOverride = "approve-override";

    /// <summary>Run its checks again after master data or a mapping was corrected (role <c>FinanceFlow.Operator</c>).</summary>
    public const string FixAndRetry = "fix-and-retry";

    /// <summary>Send it back to the source as returned, with the reason (role <c>FinanceFlow.Approver</c> or <c>FinanceFlow.Operator</c>).</summary>
    public const string Reject = "reject";

    public static IReadOnlyList<string> All { get; } = [ApproveOverride, FixAndRetry, Reject];
}

/// <summary>Someone the report names, who may not resolve its exception (segregation of duties).</summary>
/// <param name="Role"><c>employee</c>, <c>submitter</c> or <c>approver</c>.</param>
public sealed record ExceptionParty(string Role, string Id, string? Email);

/// <summary>A person's decision about an open exception, as the run receives it (external event <c>ExceptionResolved</c>).</summary>
/// <param name="ExceptionId">The exception it decides (<see cref="OpenException.Id"/>): a decision about an earlier round is ignored.</param>
/// <param name="Resolver">Who decided, as the audit trail names them.</param>
public sealed record ExceptionResolution(string ExceptionId, string Action, string? Reason, string Resolver, DateTimeOffset At);

/// <summary>An overridable exception a report's run waits on, kept on its status row.</summary>
/// <param name="Id">Unique per wait: <c>{instanceId}:{round}</c>.</param>
/// <param name="Parties">The employee, submitter and approvers: none of them may resolve it.</param>
/// <param name="Resolution">The decision once one was taken; a second, identical request finds it here.</param>
public sealed record OpenException(
    string Id,
    DateTimeOffset OpenedAt,
    DateTimeOffset RemindAt,
    DateTimeOffset Deadline,
    IReadOnlyList<ExceptionParty> Parties,
    ExceptionResolution? Resolution = null);
