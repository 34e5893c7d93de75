using System.Security.Cryptography;
using System.Text;

namespace DreamBot.Worker.Dataset;

/// <summary>
/// Keyed pseudonyms for Discord ids: HMAC-SHA256 under a secret key, so one key gives one stable name per guild, and
/// per user within a guild (ratings can be grouped), while without the key a name cannot be traced back to an id, nor
/// matched with another deployment's.
/// </summary>
public sealed class DatasetPseudonyms(byte[] key)
{
    private readonly byte[] _key = key.Length == PseudonymKey.Bytes ? key : throw new ArgumentException($"the pseudonym key must be {PseudonymKey.Bytes} bytes.", nameof(key));

    // A user's name differs from guild to guild: a row's image is the exact PNG posted in its guild, so anyone who saw
    // it there can find the row, and one name across guilds would lead from there to what they made everywhere else.
    public string User(long guildId, long userId) => Name(FormattableString.Invariant($"user:{guildId}:{userId}"));

    public string Guild(long id) => Name(FormattableString.Invariant($"guild:{id}"));

    // 128 bits of the HMAC: collisions stay negligible for any number of users a deployment has.
    private string Name(string subject) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(subject)).AsSpan(0, 16));
}
