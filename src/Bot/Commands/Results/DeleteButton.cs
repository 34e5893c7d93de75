using System.Globalization;
using DreamBot.Bot.Discord.Interactions;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Commands.Results;

/// <summary>Delete: the requester or a moderator replaces the result with a short note (images, embed and buttons removed).</summary>
public sealed class DeleteButton(IDbContextFactory<DreamBotDb> contexts) : IComponentHandler
{
    private const ulong Administrator = 1UL << 3;
    private const ulong ManageGuild = 1UL << 5;
    private const ulong ManageMessages = 1UL << 13;

    public string CustomIdPrefix => ResultButtons.Delete;

    public async Task<CommandReply> HandleAsync(Interaction interaction, string argument, CancellationToken cancellationToken)
    {
        if (!long.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var generationId) || interaction.Invoker is not { } user)
            return CommandReply.Private("This button is not one of DreamBot's.");

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var owner = await db.Generations.AsNoTracking().Where(g => g.Id == generationId).Select(g => (long?)g.UserId).SingleOrDefaultAsync(cancellationToken);
        // Permissions come from the interaction Discord signed, never from anything the client could choose.
        if (owner != user.Id && !IsModerator(interaction.Member?.Permissions))
            return CommandReply.Private("Only the person who asked for this image, or a moderator, can delete it.");
        return CommandReply.ReplaceSource(string.Create(CultureInfo.InvariantCulture, $"🗑️ Image deleted by <@{user.Id}>."));
    }

    private static bool IsModerator(string? permissions) =>
        ulong.TryParse(permissions, NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
        && (bits & (Administrator | ManageGuild | ManageMessages)) != 0;
}
