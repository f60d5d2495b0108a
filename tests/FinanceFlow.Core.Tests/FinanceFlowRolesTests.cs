using System.Text.Json;
using FinanceFlow.Core.Security;

namespace FinanceFlow.Core.Tests;

public sealed class FinanceFlowRolesTests
{
    [Fact]
    public void EntraAppRoles_DeclareExactlyTheRolesTheCodeChecks()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(RepoFiles.Path("infra/entra-app-roles.json")));

        var declared = manifest.RootElement.EnumerateArray().Select(r => r.GetProperty("value").GetString()!).ToList();

        Assert.Equal(FinanceFlowRoles.All, declared);
        Assert.Equal(declared.Count, manifest.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()).Distinct().Count());
    }
}
