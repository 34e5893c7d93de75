using System.Globalization;
using DreamBot.Bot.Interactions;
using DreamBot.Bot.Moderation;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.ResultControls;

/// <summary>
/// Delete: the requester or a moderator replaces the result with a short note (images, embed and buttons removed); the
/// generation is marked deleted, so it is never rated or shared afterwards.
/// </summary>
public sealed class DeleteButton(IDbContextFactory<DreamBotDb> contexts, TimeProvider time) : IComponentHandler
{
    public string CustomIdPrefix => ResultButtons.Delete;

    public async Task<CommandReply> HandleAsync(Interaction interaction, string argument, CancellationToken cancellationToken)
    {
        if (!long.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var generationId) || interaction.Invoker is not { } user)
            return CommandReply.Private("This button is not one of DreamBot's.");

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var result = await db.Generations.AsNoTracking().Where(g => g.Id == generationId)
            .Select(g => new { g.UserId, g.GuildId, g.ResultMessageId }).SingleOrDefaultAsync(cancellationToken);
        if (result is null || !ClickedResult.IsOn(interaction, result.ResultMessageId))
            return CommandReply.Private(ClickedResult.NotThisResult);
        // Only a moderator of the result's own server; permissions come from the interaction Discord signed, never
        // from anything the client could choose.
        var moderator = false;
        if (result.GuildId is { } guildId && guildId == interaction.GuildId)
        {
            var moderatorRole = await db.GuildSettings.AsNoTracking().Where(s => s.GuildId == guildId).Select(s => s.ModeratorRoleId).SingleOrDefaultAsync(cancellationToken);
            moderator = ModeratorCheck.IsModerator(interaction.Member, moderatorRole);
        }
        if (result.UserId != user.Id && !moderator)
            return CommandReply.Private("Only the person who asked for this image, or a moderator, can delete it.");
        // Recorded so nothing shares the result later (see DatasetEligibility).
        await db.Generations.Where(g => g.Id == generationId && g.DeletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.DeletedAt, time.GetUtcNow()), cancellationToken);
        return CommandReply.ReplaceSource(string.Create(CultureInfo.InvariantCulture, $"🗑️ Image deleted by <@{user.Id}>."));
    }
}
