namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>The outcome of checking <c>Concur-Signature</c>.</summary>
public enum ConcurSignatureResult
{
    /// <summary>A configured key verifies the signature over the body.</summary>
    Valid,

    /// <summary>The header is there but no configured key verifies it (or it is not base64).</summary>
    Invalid,

    /// <summary>No <c>Concur-Signature</c> header.</summary>
    Missing,
}
