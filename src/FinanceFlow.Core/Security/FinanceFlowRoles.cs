namespace FinanceFlow.Core.Security;

/// <summary>
/// The app roles of FinanceFlow, one name each, as the token's <c>roles</c> claim carries them (Microsoft Entra ID app roles, or a
/// development token). Which routes each opens: docs/http-api.md.
/// </summary>
public static class FinanceFlowRoles
{
    /// <summary>Read reports, the exception queue, reconciliations, card batches, master data, mappings; preview documents.</summary>
    public const string Reader = "FinanceFlow.Reader";

    /// <summary>Retry a report, send its status events again, run a reconciliation or a master-data sync.</summary>
    public const string Operator = "FinanceFlow.Operator";

    /// <summary>Change master data and mappings.</summary>
    public const string MasterData = "FinanceFlow.MasterData";

    /// <summary>Record payments.</summary>
    public const string Payments = "FinanceFlow.Payments";

    /// <summary>Override a policy exception on a report.</summary>
    public const string Approver = "FinanceFlow.Approver";

    /// <summary>The Durable management routes: status with inputs, terminate, purge, raise event.</summary>
    public const string Admin = "FinanceFlow.Admin";

    /// <summary>Every role, in the order above.</summary>
    public static IReadOnlyList<string> All { get; } = [Reader, Operator, MasterData, Payments, Approver, Admin];

    /// <summary>
    /// A route any of two roles may call (<c>|</c> between them), which then decides per request what the caller may do: the resolution
    /// route (approve-override needs <see cref="Approver"/>, fix-and-retry <see cref="Operator"/>).
    /// </summary>
    public const string Resolver = Approver + "|" + Operator;

    /// <summary>The declared routes' role requirements that are not single roles.</summary>
    public static IReadOnlyList<string> Combined { get; } = [Resolver];

    /// <summary>The roles a declared requirement accepts: one role, or each of a combined one.</summary>
    public static IReadOnlyList<string> AnyOf(string requirement)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        return requirement.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }
}
