using System.Globalization;
using System.Text.Json;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Discord.Messages;
using Microsoft.Extensions.Options;

namespace DreamBot.Shared.Discord;

/// <summary>The Discord HTTP API v10 routes DreamBot uses. Rate limits and retries are handled by <see cref="DiscordRequestSender"/>.</summary>
public sealed class DiscordRestClient(DiscordRequestSender sender, IOptions<DiscordOptions> options)
{
    private readonly string _applicationId = options.Value.ApplicationId;

    public Task<DiscordMessage> GetOriginalResponseAsync(string interactionToken, CancellationToken cancellationToken = default) =>
        SendAsync<DiscordMessage>(DiscordRoute.GetOriginalResponse, $"{Webhook(interactionToken)}/messages/@original",
            Webhook(interactionToken), () => null, cancellationToken);

    public Task<DiscordMessage> EditOriginalResponseAsync(
        string interactionToken, MessagePayload payload, IReadOnlyList<FileUpload>? files = null,
        CancellationToken cancellationToken = default) =>
        SendAsync<DiscordMessage>(DiscordRoute.EditOriginalResponse, $"{Webhook(interactionToken)}/messages/@original",
            Webhook(interactionToken), () => DiscordContent.Message(payload, files), cancellationToken);

    public Task DeleteOriginalResponseAsync(string interactionToken, CancellationToken cancellationToken = default) =>
        sender.SendAsync(DiscordRoute.DeleteOriginalResponse, $"{Webhook(interactionToken)}/messages/@original",
            Webhook(interactionToken), () => null, cancellationToken);

    public Task<DiscordMessage> CreateFollowupAsync(
        string interactionToken, MessagePayload payload, IReadOnlyList<FileUpload>? files = null,
        CancellationToken cancellationToken = default) =>
        // wait=true makes Discord return the created message instead of 204.
        SendAsync<DiscordMessage>(DiscordRoute.CreateFollowup, $"{Webhook(interactionToken)}?wait=true",
            Webhook(interactionToken), () => DiscordContent.Message(payload, files), cancellationToken);

    public Task<DiscordMessage> EditFollowupAsync(
        string interactionToken, long messageId, MessagePayload payload, IReadOnlyList<FileUpload>? files = null,
        CancellationToken cancellationToken = default) =>
        SendAsync<DiscordMessage>(DiscordRoute.EditFollowup, $"{Webhook(interactionToken)}/messages/{Id(messageId)}",
            Webhook(interactionToken), () => DiscordContent.Message(payload, files), cancellationToken);

    public Task DeleteFollowupAsync(string interactionToken, long messageId, CancellationToken cancellationToken = default) =>
        sender.SendAsync(DiscordRoute.DeleteFollowup, $"{Webhook(interactionToken)}/messages/{Id(messageId)}",
            Webhook(interactionToken), () => null, cancellationToken);

    /// <summary>Posts to a channel with the bot token; used once an interaction token has expired.</summary>
    public Task<DiscordMessage> CreateMessageAsync(
        long channelId, MessagePayload payload, IReadOnlyList<FileUpload>? files = null,
        CancellationToken cancellationToken = default) =>
        SendAsync<DiscordMessage>(DiscordRoute.CreateMessage, $"channels/{Id(channelId)}/messages",
            Id(channelId), () => DiscordContent.Message(payload, files), cancellationToken);

    public Task<DiscordMessage> EditMessageAsync(
        long channelId, long messageId, MessagePayload payload, IReadOnlyList<FileUpload>? files = null,
        CancellationToken cancellationToken = default) =>
        SendAsync<DiscordMessage>(DiscordRoute.EditMessage, $"channels/{Id(channelId)}/messages/{Id(messageId)}",
            Id(channelId), () => DiscordContent.Message(payload, files), cancellationToken);

    public Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken = default) =>
        SendAsync<GatewayBotInfo>(DiscordRoute.GetGatewayBot, "gateway/bot", "", () => null, cancellationToken);

    public Task<DiscordUser> GetCurrentUserAsync(CancellationToken cancellationToken = default) =>
        SendAsync<DiscordUser>(DiscordRoute.GetCurrentUser, "users/@me", "", () => null, cancellationToken);

    /// <summary>The application the bot token belongs to, as the routes that name it write it.</summary>
    public string ApplicationId => _applicationId;

    /// <summary>
    /// Sends a request on a route this client has no method for (the Bot's command registration and interaction
    /// callbacks); <see cref="DiscordRequestSender"/> applies the route's rate limits and retries.
    /// </summary>
    public Task SendAsync(
        DiscordRoute route, string path, string majorParameter, Func<HttpContent?> content, CancellationToken cancellationToken) =>
        sender.SendAsync(route, path, majorParameter, content, cancellationToken);

    /// <summary>Sends as the overload above does, reading Discord's answer as <typeparamref name="T"/>.</summary>
    public async Task<T> SendAsync<T>(
        DiscordRoute route, string path, string majorParameter, Func<HttpContent?> content, CancellationToken cancellationToken)
    {
        var body = await sender.SendAsync(route, path, majorParameter, content, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize<T>(body, DiscordJson.Options)
            ?? throw new JsonException($"Discord answered {route} with an empty body.");
    }

    // The webhook of an interaction is the application's, authenticated by the interaction token in the path.
    private string Webhook(string interactionToken) => $"webhooks/{_applicationId}/{Escape(interactionToken)}";

    private static string Id(long snowflake) => snowflake.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string token) => Uri.EscapeDataString(token);
}
