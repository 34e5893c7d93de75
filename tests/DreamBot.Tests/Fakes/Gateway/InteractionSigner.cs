using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using NSec.Cryptography;

namespace DreamBot.Tests.Fakes.Gateway;

/// <summary>
/// Plays Discord's side of HTTP interactions: signs payloads with its own Ed25519 key (the Bot is configured with
/// <see cref="PublicKeyHex"/>) and POSTs them to the Bot's /interactions endpoint.
/// </summary>
public sealed class InteractionSigner : IDisposable
{
    private readonly Key _key = Key.Create(SignatureAlgorithm.Ed25519);

    public string PublicKeyHex => Convert.ToHexStringLower(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey));

    public string Sign(string timestamp, ReadOnlySpan<byte> body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp).Concat(body.ToArray()).ToArray();
        return Convert.ToHexStringLower(SignatureAlgorithm.Ed25519.Sign(_key, signed));
    }

    /// <summary>A signed request; <paramref name="signedAt"/> defaults to now, <paramref name="tamper"/> flips a body byte after signing.</summary>
    public HttpRequestMessage CreateRequest(Uri endpoint, byte[] body, DateTimeOffset? signedAt = null, bool tamper = false)
    {
        var timestamp = (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Sign(timestamp, body);
        if (tamper)
            body = [.. body.Take(body.Length - 1), (byte)(body[^1] ^ 1)];
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Signature-Ed25519", signature);
        request.Headers.Add("X-Signature-Timestamp", timestamp);
        return request;
    }

    public Task<HttpResponseMessage> PostAsync(HttpClient http, Uri endpoint, JsonNode payload, CancellationToken cancellationToken = default) =>
        PostAsync(http, endpoint, Encoding.UTF8.GetBytes(payload.ToJsonString()), cancellationToken);

    public async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri endpoint, byte[] body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = CreateRequest(endpoint, body);
        return await http.SendAsync(request, cancellationToken);
    }

    public void Dispose() => _key.Dispose();
}
