using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DreamBot.Worker.Dataset;

/// <summary>
/// Keyed pseudonyms for Discord ids: HMAC-SHA256 under a secret key, so one key gives one stable name per user or
/// guild (ratings can be grouped) while without the key a name cannot be traced back to an id, nor matched with
/// another deployment's.
/// </summary>
public sealed class DatasetPseudonyms(byte[] key)
{
    /// <summary>Shorter keys are refused: the names are only as secret as the key is hard to guess.</summary>
    public const int MinKeyBytes = 16;

    private readonly byte[] _key = key.Length >= MinKeyBytes ? key : throw new ArgumentException($"the pseudonym key must be at least {MinKeyBytes} bytes.", nameof(key));

    public string User(long id) => Name("user", id);

    public string Guild(long id) => Name("guild", id);

    // 128 bits of the HMAC: collisions stay negligible for any number of users a deployment has.
    private string Name(string kind, long id) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(kind + ":" + id.ToString(CultureInfo.InvariantCulture))).AsSpan(0, 16));
}
