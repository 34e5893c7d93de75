using DreamBot.Bot.Interactions;
using DreamBot.Bot.Moderation;
using DreamBot.Shared.Domain;

namespace DreamBot.Bot.Dream;

public static class InteractionOrigin
{
    /// <summary>Who asked and where, for a request made by this interaction; null outside a channel.</summary>
    public static DreamRequestOrigin? From(Interaction interaction) =>
        interaction.Invoker is { } user && interaction.EffectiveChannelId is { } channelId
            ? new DreamRequestOrigin(
                UserId: user.Id,
                UserName: user.DisplayName,
                GuildId: interaction.GuildId,
                ChannelId: channelId,
                ChannelNsfw: interaction.Channel?.Nsfw ?? false,
                ApplicationId: interaction.ApplicationId,
                InteractionId: interaction.Id,
                InteractionToken: interaction.Token,
                RoleIds: interaction.Member?.Roles is { Count: > 0 } roles ? roles : null,
                HasModeratorPermissions: ModeratorCheck.HasModeratorPermissions(interaction.Member))
            : null;
}
