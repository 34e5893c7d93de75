namespace DreamBot.Worker.Dataset;

/// <summary>
/// The pseudonym key as an operator writes it: 32 random bytes as 64 hex digits or as base64. A pseudonym is only as
/// secret as its key is hard to guess, and a typed passphrase is guessable, so anything else is refused.
/// </summary>
public static class PseudonymKey
{
    public const int Bytes = 32;
    public const string MakeOne = "openssl rand -hex 32";

    // 32 random bytes hold about 30 distinct values; so few that they repeat this much were not drawn at random.
    private const int MinDistinctBytes = 16;

    /// <summary>The key's bytes, or null when <paramref name="text"/> is not 32 random-looking bytes in hex or base64.</summary>
    public static byte[]? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var key = new byte[Bytes];
        var decoded = trimmed.Length == 2 * Bytes && trimmed.All(char.IsAsciiHexDigit) ? Convert.FromHexString(trimmed)
            : Convert.TryFromBase64String(trimmed, key, out var written) && written == Bytes ? key
            : null;
        return decoded is not null && decoded.Distinct().Count() >= MinDistinctBytes ? decoded : null;
    }
}
