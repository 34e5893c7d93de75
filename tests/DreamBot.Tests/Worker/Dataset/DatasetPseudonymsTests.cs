using System.Security.Cryptography;
using System.Text;
using DreamBot.Worker.Dataset;

namespace DreamBot.Tests.Worker.Dataset;

public sealed class DatasetPseudonymsTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("one deployment's secret key");
    private static readonly byte[] OtherKey = Encoding.UTF8.GetBytes("another deployment's secret");

    [Fact]
    public void Names_AreStableWithinAKey_DifferAcrossKeys_AndKeepUsersAndGuildsApart()
    {
        var names = new DatasetPseudonyms(Key);

        Assert.Equal(names.User(7, 42), new DatasetPseudonyms(Key).User(7, 42));
        Assert.NotEqual(names.User(7, 42), names.User(7, 43));
        Assert.NotEqual(names.User(7, 42), new DatasetPseudonyms(OtherKey).User(7, 42));
        Assert.NotEqual(names.User(7, 42), names.Guild(42));
    }

    [Fact]
    public void AUser_HasADifferentName_InEachGuild_SoARowLinksToNothingOutsideItsGuild()
    {
        var names = new DatasetPseudonyms(Key);

        Assert.NotEqual(names.User(1, 42), names.User(2, 42));
        Assert.NotEqual(names.User(1, 42), names.User(42, 1));
    }

    [Fact]
    public void AName_IsTheFirst128BitsOfHmacSha256_OfTheKindTheGuildAndTheId()
    {
        // RFC 2104 HMAC with SHA-256 (FIPS 180-4), computed by the platform's reference implementation.
        using var hmac = new HMACSHA256(Key);
        var expected = Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes("user:1100000000000000001:1100000000000000004")))[..32];

        Assert.Equal(expected, new DatasetPseudonyms(Key).User(1100000000000000001, 1100000000000000004));
    }

    [Fact]
    public void AKeyShorterThanSixteenBytes_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new DatasetPseudonyms(new byte[15]));
}
