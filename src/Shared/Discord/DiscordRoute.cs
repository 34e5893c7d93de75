namespace DreamBot.Shared.Discord;

/// <summary>
/// A REST route as Discord rate-limits it: method plus template. Requests to one route with different major
/// parameters (channel, guild, webhook id+token) have independent buckets.
/// </summary>
public sealed record DiscordRoute(string Method, string Template, bool BotAuthenticated)
{
    public static DiscordRoute BulkOverwriteGlobalCommands { get; } = Bot("PUT", "/applications/{application_id}/commands");
    public static DiscordRoute BulkOverwriteGuildCommands { get; } = Bot("PUT", "/applications/{application_id}/guilds/{guild_id}/commands");
    public static DiscordRoute CreateInteractionResponse { get; } = Token("POST", "/interactions/{interaction_id}/{interaction_token}/callback");
    public static DiscordRoute GetOriginalResponse { get; } = Token("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original");
    public static DiscordRoute EditOriginalResponse { get; } = Token("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original");
    public static DiscordRoute DeleteOriginalResponse { get; } = Token("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original");
    public static DiscordRoute CreateFollowup { get; } = Token("POST", "/webhooks/{webhook_id}/{webhook_token}");
    public static DiscordRoute EditFollowup { get; } = Token("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}");
    public static DiscordRoute DeleteFollowup { get; } = Token("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}");
    public static DiscordRoute CreateMessage { get; } = Bot("POST", "/channels/{channel_id}/messages");
    public static DiscordRoute EditMessage { get; } = Bot("PATCH", "/channels/{channel_id}/messages/{message_id}");
    public static DiscordRoute GetGatewayBot { get; } = Bot("GET", "/gateway/bot");
    public static DiscordRoute GetCurrentUser { get; } = Bot("GET", "/users/@me");

    public override string ToString() => Method + " " + Template;

    private static DiscordRoute Bot(string method, string template) => new(method, template, BotAuthenticated: true);

    // Webhook and interaction-callback routes authenticate with the token in the path, never the bot token.
    private static DiscordRoute Token(string method, string template) => new(method, template, BotAuthenticated: false);
}
