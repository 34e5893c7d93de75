using System.Net;
using System.Text.Json;
using DreamBot.Shared.Discord.RateLimiting;

namespace DreamBot.Shared.Discord;

/// <summary>Reads Discord's error bodies: <c>{code, message, errors}</c> and the 429 <c>{retry_after, global}</c>.</summary>
internal static class DiscordErrors
{
    public static DiscordApiException ToException(DiscordRoute route, HttpStatusCode status, byte[] body)
    {
        int? code = null;
        string? message = null;
        string? errors = null;
        if (TryParse(body) is { } root)
        {
            using (root)
            {
                var json = root.RootElement;
                if (json.ValueKind == JsonValueKind.Object)
                {
                    if (json.TryGetProperty("code", out var c) && c.TryGetInt32(out var parsed))
                        code = parsed;
                    if (json.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                        message = m.GetString();
                    if (json.TryGetProperty("errors", out var e))
                        errors = e.GetRawText();
                }
            }
        }
        return new DiscordApiException(status, code, message ?? status.ToString(), errors, route.ToString());
    }

    /// <summary>The wait a 429 asks for: <c>retry_after</c> (fractional seconds) from the body, else the Retry-After header.</summary>
    public static (TimeSpan RetryAfter, bool Global) ReadRateLimit(HttpResponseMessage response, byte[] body)
    {
        double? seconds = null;
        var global = response.Headers.TryGetValues("X-RateLimit-Global", out var g)
            && string.Equals(g.FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase);
        if (TryParse(body) is { } document)
        {
            using (document)
            {
                var json = document.RootElement;
                if (json.ValueKind == JsonValueKind.Object)
                {
                    if (json.TryGetProperty("retry_after", out var r) && r.TryGetDouble(out var value))
                        seconds = value;
                    if (json.TryGetProperty("global", out var isGlobal) && isGlobal.ValueKind == JsonValueKind.True)
                        global = true;
                }
            }
        }
        seconds ??= response.Headers.RetryAfter?.Delta?.TotalSeconds
            ?? DiscordRateLimiter.HeaderDouble(response.Headers, "Retry-After")
            ?? 1;
        return (TimeSpan.FromSeconds(Math.Max(0, seconds.Value)), global);
    }

    private static JsonDocument? TryParse(byte[] body)
    {
        if (body.Length == 0)
            return null;
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
