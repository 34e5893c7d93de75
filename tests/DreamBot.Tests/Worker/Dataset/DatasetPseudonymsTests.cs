using System.Security.Cryptography;
using System.Text;
using DreamBot.Worker.Dataset;

namespace DreamBot.Tests.Worker.Dataset;

public sealed class DatasetPseudonymsTests
{
    private static readonly byte[] Key = Convert.FromHexString("7b814b922440544b403467b18a3694acf0d4f861ee543fc93a6c3bdfb9533fdb");
    private static readonly byte[] OtherKey = Convert.FromHexString("eb2885fef10931f962f05785a95e014d7a90468eb6c10eafc610b4288dc93515");

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
    public void AKeyOfOtherThan32Bytes_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new DatasetPseudonyms(new byte[31]));
}
