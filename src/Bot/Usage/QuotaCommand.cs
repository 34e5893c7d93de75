using System.Globalization;
using System.Text;
using DreamBot.Bot.ApplicationCommands;
using DreamBot.Bot.Interactions;
using DreamBot.Bot.Moderation;
using DreamBot.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Usage;

/// <summary>/quota: the caller's allowance, what they used, and when it resets (shown in their own time zone).</summary>
public sealed class QuotaCommand(IServiceScopeFactory scopes, TimeProvider time) : ISlashCommand
{
    public ApplicationCommand Definition { get; } = new("quota", "Show how much you can still generate and when your allowance resets");

    public async Task<CommandReply> HandleAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (interaction.Invoker?.Id is not { } userId)
            return CommandReply.Private("I can't tell who you are from this interaction.");

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DreamBotDb>();
        var settings = interaction.GuildId is { } guildId
            ? await db.GuildSettings.AsNoTracking().SingleOrDefaultAsync(s => s.GuildId == guildId, cancellationToken)
            : null;
        var isModerator = ModeratorCheck.IsModerator(interaction.Member, settings?.ModeratorRoleId);
        var status = await QuotaCalculator.ForMemberAsync(
            db, interaction.GuildId, userId, interaction.Member?.Roles ?? [], isModerator, time.GetUtcNow(), cancellationToken);
        return CommandReply.Private(Describe(status));
    }

    public static string Describe(QuotaStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var text = new StringBuilder();
        if (status.DailyLimit is { } daily)
            text.Append(CultureInfo.InvariantCulture,
                $"**Today:** {status.UsedToday:0.##} of {daily:0.##} units used, {Math.Max(0, daily - status.UsedToday):0.##} left. Resets <t:{status.DailyResetsAt.ToUnixTimeSeconds()}:f> (<t:{status.DailyResetsAt.ToUnixTimeSeconds()}:R>).\n");
        else
            text.Append(CultureInfo.InvariantCulture, $"**Today:** {status.UsedToday:0.##} units used; you have no daily limit.\n");
        if (status.WeeklyLimit is { } weekly)
            text.Append(CultureInfo.InvariantCulture,
                $"**This week:** {status.UsedThisWeek:0.##} of {weekly:0.##} units used. Resets <t:{status.WeeklyResetsAt.ToUnixTimeSeconds()}:R>.\n");
        if (status.GuildDailyLimit is { } guild)
            text.Append(CultureInfo.InvariantCulture, $"**Server today:** {status.GuildUsedToday:0.##} of {guild:0.##} units used.\n");
        text.Append("One 512×512 image at 50 steps costs 1 unit; cancelled and failed requests are refunded.");
        return text.ToString();
    }
}
