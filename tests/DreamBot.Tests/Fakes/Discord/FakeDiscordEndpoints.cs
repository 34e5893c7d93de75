using System.Globalization;
using System.Text.Json.Nodes;

namespace DreamBot.Tests.Fakes.Discord;

/// <summary>The Discord routes DreamBot calls, answering with Discord's response shapes and updating the fake's state.</summary>
internal static class FakeDiscordEndpoints
{
    public static void Map(IEndpointRouteBuilder app, FakeDiscord discord)
    {
        var api = app.MapGroup("/api/v10");
        var state = discord.State;

        Route(api, "PUT", "/applications/{application_id}/commands", bot: true, [], (ctx, body) =>
            OverwriteCommandsAsync(ctx, discord, guildId: null, body));
        Route(api, "PUT", "/applications/{application_id}/guilds/{guild_id}/commands", bot: true, ["guild_id"], (ctx, body) =>
            OverwriteCommandsAsync(ctx, discord, Snowflake(ctx, "guild_id"), body));

        Route(api, "POST", "/interactions/{interaction_id}/{interaction_token}/callback", bot: false,
            ["interaction_id", "interaction_token"], (ctx, body) => FakeInteractionCallback.HandleAsync(ctx, discord, body));

        const string webhook = "/webhooks/{webhook_id}/{webhook_token}";
        string[] webhookMajor = ["webhook_id", "webhook_token"];
        Route(api, "GET", webhook + "/messages/@original", bot: false, webhookMajor, (ctx, _) =>
            WithInteractionAsync(ctx, discord, i => OriginalAsync(ctx, i, () => MessageAsync(ctx, i.Original, m => WriteMessageAsync(ctx, m)))));
        Route(api, "PATCH", webhook + "/messages/@original", bot: false, webhookMajor, (ctx, body) =>
            WithInteractionAsync(ctx, discord, i => OriginalAsync(ctx, i, () => MessageAsync(ctx, i.Original, m => EditAsync(ctx, state, m, body)))));
        Route(api, "DELETE", webhook + "/messages/@original", bot: false, webhookMajor, (ctx, _) =>
            WithInteractionAsync(ctx, discord, i => OriginalAsync(ctx, i, () => MessageAsync(ctx, i.Original, m => DeleteAsync(ctx, m)))));
        Route(api, "POST", webhook, bot: false, webhookMajor, (ctx, body) =>
            WithInteractionAsync(ctx, discord, i => CreateFollowupAsync(ctx, discord, i, body)));
        Route(api, "PATCH", webhook + "/messages/{message_id}", bot: false, webhookMajor, (ctx, body) =>
            WithInteractionAsync(ctx, discord, i => MessageAsync(ctx, Followup(ctx, i), m => EditAsync(ctx, state, m, body))));
        Route(api, "DELETE", webhook + "/messages/{message_id}", bot: false, webhookMajor, (ctx, _) =>
            WithInteractionAsync(ctx, discord, i => MessageAsync(ctx, Followup(ctx, i), m => DeleteAsync(ctx, m))));

        Route(api, "POST", "/channels/{channel_id}/messages", bot: true, ["channel_id"], (ctx, body) =>
            WithChannelAsync(ctx, discord, channel => CreateAsync(ctx, state, channel, webhookId: null, body)));
        Route(api, "PATCH", "/channels/{channel_id}/messages/{message_id}", bot: true, ["channel_id"], (ctx, body) =>
            WithChannelAsync(ctx, discord, channel =>
                MessageAsync(ctx, state.Message(channel, Snowflake(ctx, "message_id")), m => EditAsync(ctx, state, m, body))));

        Route(api, "GET", "/gateway/bot", bot: true, [], (ctx, _) => FakeDiscordPipeline.WriteJsonAsync(ctx, 200, new JsonObject
        {
            ["url"] = discord.GatewayUrl,
            ["shards"] = 1,
            ["session_start_limit"] = new JsonObject
            {
                ["total"] = 1000, ["remaining"] = 999, ["reset_after"] = 14_400_000, ["max_concurrency"] = 1,
            },
        }));
        Route(api, "GET", "/users/@me", bot: true, [], (ctx, _) => FakeDiscordPipeline.WriteJsonAsync(ctx, 200, new JsonObject
        {
            ["id"] = FakeDiscord.BotUserId.ToString(CultureInfo.InvariantCulture),
            ["username"] = "DreamBot", ["discriminator"] = "0", ["global_name"] = null, ["avatar"] = null, ["bot"] = true,
        }));

        api.MapFallback(ctx => FakeDiscordPipeline.WriteErrorAsync(ctx, 404, 0, "404: Not Found"));
        app.MapGet("/attachments/{channel_id}/{attachment_id}/{filename}", (long attachment_id) =>
            state.Attachment(attachment_id) is { } a ? Results.Bytes(a.Content, a.ContentType) : Results.NotFound());
    }

    private static void Route(
        RouteGroupBuilder api, string method, string template, bool bot, string[] major, Func<HttpContext, JsonObject, Task> handler) =>
        api.MapMethods(template, [method], (HttpContext ctx) =>
                handler(ctx, ((RecordedRequest)ctx.Items[typeof(RecordedRequest)]!).Json as JsonObject ?? []))
            .WithMetadata(new FakeRoute(method, template, bot, major));

    internal static IReadOnlyList<RecordedPart> Parts(HttpContext ctx) => ((RecordedRequest)ctx.Items[typeof(RecordedRequest)]!).Parts;

    internal static long Snowflake(HttpContext ctx, string name) =>
        long.TryParse(ctx.Request.RouteValues[name]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1;

    internal static Task WriteMessageAsync(HttpContext ctx, FakeMessage message) =>
        FakeDiscordPipeline.WriteJsonAsync(ctx, 200, message.ToJson());

    internal static Task CreateAsync(HttpContext ctx, FakeDiscordState state, long channelId, long? webhookId, JsonObject body)
    {
        if (FakeDiscordState.IsEmpty(body, Parts(ctx)))
            return FakeDiscordPipeline.WriteErrorAsync(ctx, 400, 50006, "Cannot send an empty message");
        return WriteMessageAsync(ctx, state.CreateMessage(channelId, webhookId, body, Parts(ctx)));
    }

    private static Task EditAsync(HttpContext ctx, FakeDiscordState state, FakeMessage message, JsonObject body)
    {
        state.EditMessage(message, body, Parts(ctx));
        return WriteMessageAsync(ctx, message);
    }

    private static Task DeleteAsync(HttpContext ctx, FakeMessage message)
    {
        message.Deleted = true;
        ctx.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    private static Task MessageAsync(HttpContext ctx, FakeMessage? message, Func<FakeMessage, Task> then) =>
        message is { Deleted: false } ? then(message) : FakeDiscordPipeline.WriteErrorAsync(ctx, 404, 10008, "Unknown Message");

    /// <summary>Before the interaction is acknowledged its webhook does not exist yet, so @original is an unknown webhook.</summary>
    private static Task OriginalAsync(HttpContext ctx, FakeInteraction interaction, Func<Task> then) =>
        interaction.CallbackType is null ? FakeDiscordPipeline.WriteErrorAsync(ctx, 404, 10015, "Unknown Webhook") : then();

    private static FakeMessage? Followup(HttpContext ctx, FakeInteraction interaction)
    {
        var id = Snowflake(ctx, "message_id");
        return interaction.Original?.Id == id ? interaction.Original : interaction.Followups.FirstOrDefault(m => m.Id == id);
    }

    private static Task CreateFollowupAsync(HttpContext ctx, FakeDiscord discord, FakeInteraction interaction, JsonObject body)
    {
        // A follow-up needs an acknowledged interaction; before that the webhook does not exist yet.
        if (interaction.CallbackType is null)
            return FakeDiscordPipeline.WriteErrorAsync(ctx, 404, 10015, "Unknown Webhook");
        if (FakeDiscordState.IsEmpty(body, Parts(ctx)))
            return FakeDiscordPipeline.WriteErrorAsync(ctx, 400, 50006, "Cannot send an empty message");
        var message = discord.State.CreateMessage(interaction.ChannelId, FakeDiscord.ApplicationId, body, Parts(ctx));
        interaction.AddFollowup(message);
        return WriteMessageAsync(ctx, message);
    }

    private static Task WithInteractionAsync(HttpContext ctx, FakeDiscord discord, Func<FakeInteraction, Task> then)
    {
        var token = ctx.Request.RouteValues["webhook_token"]?.ToString() ?? "";
        if (Snowflake(ctx, "webhook_id") != FakeDiscord.ApplicationId)
            return FakeDiscordPipeline.WriteErrorAsync(ctx, 404, 10015, "Unknown Webhook");
        return discord.State.Interaction(token) is { Expired: false } interaction
            ? then(interaction)
            : FakeDiscordPipeline.WriteErrorAsync(ctx, 401, 50027, "Invalid Webhook Token");
    }

    private static Task WithChannelAsync(HttpContext ctx, FakeDiscord discord, Func<long, Task> then)
    {
        var channel = Snowflake(ctx, "channel_id");
        return discord.State.IsForbidden(channel)
            ? FakeDiscordPipeline.WriteErrorAsync(ctx, 403, 50001, "Missing Access")
            : then(channel);
    }

    private static Task OverwriteCommandsAsync(HttpContext ctx, FakeDiscord discord, long? guildId, JsonObject _)
    {
        var requested = ((RecordedRequest)ctx.Items[typeof(RecordedRequest)]!).Json as JsonArray ?? [];
        if (Snowflake(ctx, "application_id") != FakeDiscord.ApplicationId)
            return FakeDiscordPipeline.WriteErrorAsync(ctx, 403, 50001, "Missing Access");
        return FakeDiscordPipeline.WriteJsonAsync(ctx, 200, discord.State.OverwriteCommands(guildId, requested));
    }
}
