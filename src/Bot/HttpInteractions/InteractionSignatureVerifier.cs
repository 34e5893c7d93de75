using System.Globalization;
using System.Text;
using NSec.Cryptography;

namespace DreamBot.Bot.HttpInteractions;

/// <summary>
/// Checks Discord's Ed25519 signature over timestamp + raw body, and that the timestamp is recent, so a captured
/// request cannot be replayed later.
/// </summary>
public sealed class InteractionSignatureVerifier
{
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;
    private readonly PublicKey _key;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxAge;

    public InteractionSignatureVerifier(string publicKeyHex, TimeSpan maxAge, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(publicKeyHex);
        _key = PublicKey.Import(Algorithm, Convert.FromHexString(publicKeyHex), KeyBlobFormat.RawPublicKey);
        _maxAge = maxAge;
        _time = time;
    }

    public SignatureCheck Verify(string? signatureHex, string? timestamp, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(signatureHex) || string.IsNullOrEmpty(timestamp))
            return SignatureCheck.Missing;
        if (signatureHex.Length != Algorithm.SignatureSize * 2 || !TryFromHex(signatureHex, out var signature))
            return SignatureCheck.Invalid;

        var timestampBytes = Encoding.UTF8.GetBytes(timestamp);
        var signed = new byte[timestampBytes.Length + body.Length];
        timestampBytes.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(timestampBytes.Length));
        if (!Algorithm.Verify(_key, signed, signature))
            return SignatureCheck.Invalid;

        // Checked after the signature so an attacker learns nothing about the clock from unsigned requests.
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return SignatureCheck.Stale;
        var age = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        return age.Duration() > _maxAge ? SignatureCheck.Stale : SignatureCheck.Valid;
    }

    private static bool TryFromHex(string hex, out byte[] bytes)
    {
        bytes = new byte[hex.Length / 2];
        return Convert.FromHexString(hex, bytes, out _, out _) == System.Buffers.OperationStatus.Done;
    }
}
