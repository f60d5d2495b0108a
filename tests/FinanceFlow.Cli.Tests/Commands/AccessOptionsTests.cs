using System.Security.Cryptography;
using FinanceFlow.Cli.Commands;
using FinanceFlow.Core.Security;
using Microsoft.IdentityModel.JsonWebTokens;

namespace FinanceFlow.Cli.Tests.Commands;

public sealed class AccessOptionsTests
{
    [Fact]
    public void Read_Token_SendsItAsGivenWithTheFunctionKey()
    {
        var options = CommandLineOptions.Parse(["--token", "abc.def.ghi", "--key", "fn-key"]);

        var access = AccessOptions.Read(options, "reconcile", TimeSpan.FromHours(1), FinanceFlowRoles.Operator);

        Assert.Equal("abc.def.ghi", access.BearerToken);
        Assert.Equal("fn-key", access.FunctionKey);
        Assert.Equal("--token", access.Origin);
    }

    [Fact]
    public void Read_SigningKeyFile_MintsATokenForTheActorWithTheCommandsRoles()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            var options = CommandLineOptions.Parse(["--signing-key-file", path, "--actor", "run.sh (local setup)"]);

            var access = AccessOptions.Read(options, "load-masterdata", TimeSpan.FromHours(1), FinanceFlowRoles.MasterData, FinanceFlowRoles.Reader);

            var token = new JsonWebToken(access.BearerToken);
            Assert.Equal("run.sh (local setup)", token.GetPayloadValue<string>("preferred_username"));
            Assert.Equal("run.sh (local setup)", token.Subject);
            Assert.Equal([FinanceFlowRoles.MasterData, FinanceFlowRoles.Reader], token.Claims.Where(c => c.Type == DevelopmentTokens.RoleClaim).Select(c => c.Value));
            Assert.Equal("run.sh (local setup)", access.Principal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_TokenAndSigningKeyFile_IsRefused()
    {
        var options = CommandLineOptions.Parse(["--token", "abc", "--signing-key-file", "key"]);

        Assert.Throws<UsageException>(() => AccessOptions.Read(options, "reconcile", TimeSpan.FromHours(1), FinanceFlowRoles.Operator));
    }

    [Fact]
    public void ReadApprover_Name_MintsASecondTokenForTheApproverWithMasterDataOnly()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            var options = CommandLineOptions.Parse(["--signing-key-file", path, "--actor", "run.sh (local setup)", "--approver", "run.sh (local checker)"]);

            var maker = AccessOptions.Read(options, "load-masterdata", TimeSpan.FromHours(1), FinanceFlowRoles.MasterData, FinanceFlowRoles.Reader);
            var checker = AccessOptions.ReadApprover(options, "load-masterdata", TimeSpan.FromHours(1), FinanceFlowRoles.MasterData);

            var token = new JsonWebToken(checker!.BearerToken);
            Assert.Equal("run.sh (local checker)", token.GetPayloadValue<string>("preferred_username"));
            Assert.Equal([FinanceFlowRoles.MasterData], token.Claims.Where(c => c.Type == DevelopmentTokens.RoleClaim).Select(c => c.Value));
            Assert.NotEqual(maker.Principal, checker.Principal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadApprover_NeitherOption_LeavesChangesPending()
    {
        Assert.Null(AccessOptions.ReadApprover(CommandLineOptions.Parse(["--token", "abc"]), "load-masterdata", TimeSpan.FromHours(1), FinanceFlowRoles.MasterData));
    }

    [Fact]
    public void ReadApprover_TokenGiven_SendsItAsGiven()
    {
        var access = AccessOptions.ReadApprover(CommandLineOptions.Parse(["--approver-token", "x.y.z"]), "load-masterdata", TimeSpan.FromHours(1), FinanceFlowRoles.MasterData);

        Assert.Equal(("x.y.z", "--approver-token"), (access!.BearerToken, access.Origin));
    }

    [Fact]
    public void ReadApprover_NameWithAMissingSigningKey_IsRefusedNamingTheKey()
    {
        var options = CommandLineOptions.Parse(["--approver", "bob", "--signing-key-file", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))]);

        var refused = Assert.ThrowsAny<Exception>(() => AccessOptions.ReadApprover(options, "load-masterdata", TimeSpan.FromHours(1), FinanceFlowRoles.MasterData));

        Assert.Contains("signing key", refused.Message, StringComparison.Ordinal);
    }
}
