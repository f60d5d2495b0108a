namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>Concur's answer to a posting or payment confirmation of one document.</summary>
/// <param name="Code">Concur's service code (0 success, 111 not acknowledged, 113 posting confirmed before, 116 not found, 213 payment confirmed before, 298 invalid payment request…).</param>
/// <param name="Result">Concur's result word as sent (<c>SUCCESS</c>, <c>FAILURE</c>, <c>NOOP</c>…).</param>
/// <param name="Message">Concur's <c>errorMessage</c> and <c>detailMessage</c>, empty on success.</param>
/// <param name="PaymentRef">The payment reference Concur echoes for payment confirmations.</param>
public sealed record ConcurConfirmationResult(
    string DocumentId, ConcurConfirmationOutcome Outcome, int Code, string Result, string Message, string? PaymentRef = null)
{
    /// <summary>Concur holds the confirmation: sent now, or sent before.</summary>
    public bool IsConfirmed => Outcome is ConcurConfirmationOutcome.Confirmed or ConcurConfirmationOutcome.AlreadyConfirmed;
}

/// <summary>What a confirmation came to.</summary>
public enum ConcurConfirmationOutcome
{
    /// <summary>Code 0 / SUCCESS.</summary>
    Confirmed,

    /// <summary>Code 113 (posting confirmed before), 213 (payment confirmed before) or NOOP: a duplicate, not an error.</summary>
    AlreadyConfirmed,

    /// <summary>Code 111 / NOT_YET_ACKNOWLEDGED: acknowledge first.</summary>
    NotAcknowledged,

    /// <summary>NOT_POSTING_CONFIRMED: a payment confirmation before the posting confirmation.</summary>
    NotPostingConfirmed,

    /// <summary>Code 112 / WAS_RECALLED: the document was recalled in Concur.</summary>
    Recalled,

    /// <summary>Code 116 / DOCUMENT_NOT_FOUND.</summary>
    DocumentNotFound,

    /// <summary>Any other refusal (99 system id mismatch, 114 unknown state, 115 wrong type, 198 invalid request, 298 invalid payment request…); sending it again will not help.</summary>
    Rejected,
}
