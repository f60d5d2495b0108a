using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.Tests;

public class CurrenciesTests
{
    [Theory]
    [InlineData("USD", 2)]
    [InlineData("EUR", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("BHD", 3)]
    [InlineData("KWD", 3)]
    [InlineData("CLF", 4)]
    public void MinorUnits_KnownCode_GivesIsoDecimals(string code, int expected)
    {
        Assert.Equal(expected, Currencies.MinorUnits(code));
    }

    [Theory]
    [InlineData("usd")]
    [InlineData("XYZ")]
    [InlineData("XAU")]
    [InlineData("")]
    public void IsKnown_NotAnActiveCode_IsFalse(string code)
    {
        Assert.False(Currencies.IsKnown(code));
        Assert.Throws<ArgumentException>(() => Currencies.MinorUnits(code));
    }

    [Fact]
    public void Codes_FullIsoList_HasAboutOneHundredSixtyEntries()
    {
        Assert.InRange(Currencies.Codes.Count, 150, 180);
        Assert.All(Currencies.Codes, c => Assert.Matches("^[A-Z]{3}$", c));
    }

    [Fact]
    public void Sha256Hex_KnownInputs_MatchTheStandardDigests()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.Hex(ReadOnlySpan<byte>.Empty));
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.Hex("abc"));
    }
}
