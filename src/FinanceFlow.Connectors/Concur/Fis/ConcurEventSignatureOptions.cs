using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;

namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>Concur's public keys for <c>Concur-Signature</c>: <c>FinanceFlow:Sources:concur:EventPublicKeys</c>, one PEM or a list (for key rollover).</summary>
public sealed class ConcurEventSignatureOptions : IValidatableObject
{
    public const string SectionName = "FinanceFlow:Sources:concur";
    public const string KeyName = "EventPublicKeys";

    /// <summary>PEM <c>PUBLIC KEY</c> blocks; empty means Concur-Signature is not checked.</summary>
    public IList<string> EventPublicKeys { get; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < EventPublicKeys.Count; i++)
        {
            string? error = null;
            try
            {
                using var rsa = RSA.Create();
                rsa.ImportFromPem(EventPublicKeys[i]);
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException)
            {
                error = ex.Message;
            }

            if (error is not null)
            {
                yield return new ValidationResult($"{SectionName}:{KeyName}:{i} is not an RSA public key in PEM: {error}", [nameof(EventPublicKeys)]);
            }
        }
    }
}
