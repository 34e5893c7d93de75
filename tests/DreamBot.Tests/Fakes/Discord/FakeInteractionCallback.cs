using System.Text.Json.Nodes;

namespace DreamBot.Tests.Fakes.Discord;

/// <summary>POST /interactions/{id}/{token}/callback: one answer per interaction, which creates or updates @original.</summary>
internal static class FakeInteractionCallback
{
    private const int LoadingFlag = 1 << 7;

    public static Task HandleAsync(HttpContext ctx, FakeDiscord discord, JsonObject body)
    {
        var arrived = DateTimeOffset.UtcNow;
        var interaction = discord.State.Interaction(FakeDiscordEndpoints.Snowflake(ctx, "interaction_id"));
        if (interaction is null || interaction.Token != ctx.Request.RouteValues["interaction_token"]?.ToString())
            return FakeDiscordPipeline.WriteErrorAsync(ctx, 404, 10062, "Unknown interaction");
        if (interaction.CallbackType is not null)
            return FakeDiscordPipeline.WriteErrorAsync(ctx, 400, 40060, "Interaction has already been acknowledged.");

        var type = body["type"]?.GetValue<int>() ?? 0;
        var data = body["data"] as JsonObject ?? [];
        var parts = FakeDiscordEndpoints.Parts(ctx);
        switch (type)
        {
            case 1:
                break;
            case 4:
                if (FakeDiscordState.IsEmpty(data, parts))
                    return FakeDiscordPipeline.WriteErrorAsync(ctx, 400, 50006, "Cannot send an empty message");
                interaction.Original = discord.State.CreateMessage(interaction.ChannelId, FakeDiscord.ApplicationId, data, parts);
                break;
            case 5:
                // "DreamBot is thinking…": an empty message flagged LOADING until @original is edited.
                var loading = new JsonObject { ["content"] = "", ["flags"] = (data["flags"]?.GetValue<int>() ?? 0) | LoadingFlag };
                interaction.Original = discord.State.CreateMessage(interaction.ChannelId, FakeDiscord.ApplicationId, loading, []);
                break;
            case 6 or 7 when interaction.SourceMessage is null:
                return FakeDiscordPipeline.WriteErrorAsync(ctx, 400, 50035, "Invalid Form Body: no message to update");
            case 6:
                interaction.Original = interaction.SourceMessage;
                break;
            case 7:
                discord.State.EditMessage(interaction.SourceMessage!, data, parts);
                interaction.Original = interaction.SourceMessage;
                break;
            case 8:
                if (data["choices"] is not JsonArray { Count: <= 25 } choices)
                    return FakeDiscordPipeline.WriteErrorAsync(ctx, 400, 50035, "Invalid Form Body: choices");
                interaction.Choices = (JsonArray)choices.DeepClone();
                break;
            default:
                return FakeDiscordPipeline.WriteErrorAsync(ctx, 400, 50035, "Invalid Form Body: unsupported callback type");
        }

        interaction.CallbackType = type;
        interaction.AcknowledgedAt = arrived;
        ctx.Response.StatusCode = 204;
        return Task.CompletedTask;
    }
}
