using System.Globalization;
using DreamBot.Shared.Discord;

namespace DreamBot.Bot.ApplicationCommands;

/// <summary>Discord's routes that replace the application's slash commands, everywhere or in one guild.</summary>
public static class CommandRegistrationRequests
{
    public static Task<IReadOnlyList<RegisteredCommand>> BulkOverwriteGlobalCommandsAsync(
        this DiscordRestClient rest, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken = default) =>
        rest.SendAsync<IReadOnlyList<RegisteredCommand>>(DiscordRoute.BulkOverwriteGlobalCommands,
            $"applications/{rest.ApplicationId}/commands", "", () => DiscordContent.Json(commands), cancellationToken);

    public static Task<IReadOnlyList<RegisteredCommand>> BulkOverwriteGuildCommandsAsync(
        this DiscordRestClient rest, long guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken = default)
    {
        var guild = guildId.ToString(CultureInfo.InvariantCulture);
        return rest.SendAsync<IReadOnlyList<RegisteredCommand>>(DiscordRoute.BulkOverwriteGuildCommands,
            $"applications/{rest.ApplicationId}/guilds/{guild}/commands", guild, () => DiscordContent.Json(commands), cancellationToken);
    }
}
