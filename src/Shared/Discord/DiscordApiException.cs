using System.Net;

namespace DreamBot.Shared.Discord;

/// <summary>
/// Discord refused a request. <see cref="Code"/> is Discord's JSON error code (e.g. 10015 Unknown Webhook,
/// 50027 Invalid Webhook Token); callers branch on it, never on the message text.
/// </summary>
public sealed class DiscordApiException(
    HttpStatusCode statusCode, int? code, string discordMessage, string? errorsJson, string route)
    : Exception($"Discord answered {(int)statusCode} on {route}: {discordMessage} (code {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>Discord's error code from the JSON body; null when the body was not Discord's error shape.</summary>
    public int? Code { get; } = code;

    public string DiscordMessage { get; } = discordMessage;

    /// <summary>The raw <c>errors</c> object (per-field validation failures), when Discord sent one.</summary>
    public string? ErrorsJson { get; } = errorsJson;

    /// <summary>The route template (never the concrete path: interaction tokens are secrets).</summary>
    public string Route { get; } = route;
}
