using System.Text.RegularExpressions;

namespace FinanceFlow.Core.Tests.Audit;

/// <summary>The role infra/ gives the app on its audit account adds and reads rows, and nothing that changes or removes one.</summary>
public sealed partial class AuditAppenderRoleTests
{
    [Fact]
    public void AuditAppender_DataActions_AreReadAndAddOnly()
    {
        var bicep = File.ReadAllText(RepoFiles.Path("infra/resources.bicep"));
        var role = Block(bicep, "resource auditAppender 'Microsoft.Authorization/roleDefinitions");
        var assignment = Block(bicep, "resource auditAppenderAssignment ");

        var dataActions = Permissions(role, "dataActions");
        var actions = Permissions(role, "actions");

        Assert.Equal(
            ["Microsoft.Storage/storageAccounts/tableServices/tables/entities/add/action", "Microsoft.Storage/storageAccounts/tableServices/tables/entities/read"],
            dataActions.Order(StringComparer.Ordinal));
        Assert.Equal(["Microsoft.Storage/storageAccounts/tableServices/tables/write"], actions);
        Assert.Contains("scope: auditStorage\n", assignment, StringComparison.Ordinal);
        Assert.Contains("AuditStorage__tableServiceUri: auditStorage.properties.primaryEndpoints.table", bicep, StringComparison.Ordinal);
    }

    private static string Block(string bicep, string start)
    {
        var from = bicep.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"infra/resources.bicep declares no {start}");
        return bicep[from..bicep.IndexOf("\n}\n", from, StringComparison.Ordinal)].ReplaceLineEndings("\n");
    }

    private static List<string> Permissions(string role, string name) =>
        [.. Quoted().Matches(role[role.IndexOf($" {name}: [", StringComparison.Ordinal)..role.IndexOf(']', role.IndexOf($" {name}: [", StringComparison.Ordinal))]).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex Quoted();
}
