using DreamBot.Bot.ApplicationCommands;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Data;

namespace DreamBot.Bot.Moderation;

/// <summary>/mod: checks that the caller moderates this guild, then runs the sub-command they chose.</summary>
public sealed partial class ModCommand(IServiceScopeFactory scopes, TimeProvider time, ILogger<ModCommand> logger) : ISlashCommand
{
    public ApplicationCommand Definition { get; } = ModCommandDefinition.Create();

    public async Task<CommandReply> HandleAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DreamBotDb>();
        // Discord hides /mod from non-moderators by default, but a server can change that: check again here.
        if (await ModeratorContext.TryCreateAsync(db, interaction, time.GetUtcNow(), cancellationToken) is not { } mod)
        {
            LogRefused(logger, interaction.Invoker?.Id ?? 0, interaction.GuildId ?? 0);
            return CommandReply.Private(ModeratorContext.NotAllowed);
        }

        var path = string.Join(' ', mod.Options.SubCommandPath);
        var reply = path switch
        {
            "quota set" => await ModQuotaActions.SetAsync(mod, cancellationToken),
            "quota reset" => await ModQuotaActions.ResetAsync(mod, cancellationToken),
            "quota show" => await ModQuotaActions.ShowAsync(mod, cancellationToken),
            "ban" => await ModBanActions.BanAsync(mod, cancellationToken),
            "unban" => await ModBanActions.UnbanAsync(mod, cancellationToken),
            "queue list" => await ModQueueActions.ListAsync(mod, cancellationToken),
            "queue cancel" => await ModQueueActions.CancelAsync(mod, cancellationToken),
            "filter add" => await ModFilterActions.AddAsync(mod, cancellationToken),
            "filter remove" => await ModFilterActions.RemoveAsync(mod, cancellationToken),
            "filter list" => await ModFilterActions.ListAsync(mod, cancellationToken),
            "settings" => await ModSettingsActions.ApplyAsync(mod, cancellationToken),
            _ => CommandReply.Private("That /mod command is not known to this version of DreamBot."),
        };
        if (mod.Options.Problems.Count > 0)
            return CommandReply.Private(string.Join('\n', mod.Options.Problems));
        return reply;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId} used /mod in guild {GuildId} without moderator permissions")]
    private static partial void LogRefused(ILogger logger, long userId, long guildId);
}
