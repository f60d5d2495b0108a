using Azure.Data.Tables;

namespace FinanceFlow.Testing;

/// <summary>
/// The test Azurite's table service, with every table name prefixed by one of its own, so the real table stores of one test
/// never see another test's rows (the stores' table names are constants).
/// </summary>
public sealed class FreshTables(string connectionString) : TableServiceClient(connectionString)
{
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..12];

    public override TableClient GetTableClient(string tableName) => base.GetTableClient(_prefix + tableName);
}
