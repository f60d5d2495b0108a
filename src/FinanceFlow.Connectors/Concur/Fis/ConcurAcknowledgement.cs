namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>What Concur said to an acknowledgement of one document.</summary>
public enum ConcurAcknowledgement
{
    /// <summary><c>SUCCESS</c>: the document left Concur's ready queue.</summary>
    Acknowledged,

    /// <summary><c>FAILURE</c> with service code 101: acknowledged before (a redelivered event); not an error.</summary>
    AlreadyAcknowledged,
}
