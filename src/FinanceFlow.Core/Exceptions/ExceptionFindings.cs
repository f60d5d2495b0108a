namespace FinanceFlow.Core.Exceptions;

/// <summary>The finding codes of an exception's end, spelled once: a report's findings keep them.</summary>
public static class ExceptionFindings
{
    /// <summary>Nobody resolved the exception before its deadline; the report ended Rejected.</summary>
    public const string TimedOut = "exception-timed-out";

    /// <summary>A person rejected the report (resolution <c>reject</c>), with the reason.</summary>
    public const string Rejected = "exception-rejected";
}
