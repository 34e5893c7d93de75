using System.Globalization;
using DreamBot.Bot.Interactions;
using DreamBot.Bot.Moderation;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.ResultControls;

/// <summary>
/// A score picked in a result's rating select: stored as the user's one rating of that image (the last pick counts)
/// and confirmed only to them; the public message is left as it is, so nobody sees who rated what.
/// </summary>
public sealed class RatingSelect(IDbContextFactory<DreamBotDb> contexts, TimeProvider time) : IComponentHandler
{
    public const string Gone = "That result is gone, so it can't be rated.";
    public const string Banned = "Sorry, you can't rate images while you are banned from DreamBot here.";

    public string CustomIdPrefix => ResultButtons.Rate;

    public async Task<CommandReply> HandleAsync(Interaction interaction, string argument, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var (choice, problem) = ResultRatings.Parse(argument, interaction.Data?.Values);
        if (choice is null)
            return CommandReply.Private(problem!);
        if (interaction.Invoker is not { } user)
            return CommandReply.Private("I can't tell who you are from this interaction.");

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var result = await db.Generations.AsNoTracking()
            .Where(g => g.Id == choice.GenerationId && g.DeletedAt == null && (g.Status == GenerationStatus.Posting || g.Status == GenerationStatus.Succeeded))
            .Select(g => new { g.UserId, FirstSeed = g.Parameters.Seed, g.Parameters.Count, g.ResultMessageId })
            .SingleOrDefaultAsync(cancellationToken);
        if (result is null)
            return CommandReply.Private(Gone);
        if (!ClickedResult.IsOn(interaction, result.ResultMessageId))
            return CommandReply.Private(ClickedResult.NotThisResult);
        var image = choice.Seed - result.FirstSeed + 1;
        if (image < 1 || image > result.Count)
            return CommandReply.Private("That image is not part of this result.");
        if (await db.ApplyingBanAsync(interaction.GuildId, user.Id, cancellationToken) is not null)
            return CommandReply.Private(Banned);

        var own = result.UserId == user.Id;
        // One statement, so two quick picks by the same user cannot both insert.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO dreambot.ratings (generation_id, image_seed, user_id, guild_id, score, rated_at, own)
            VALUES ({choice.GenerationId}, {choice.Seed}, {user.Id}, {interaction.GuildId}, {choice.Score}, {time.GetUtcNow()}, {own})
            ON CONFLICT (generation_id, image_seed, user_id)
            DO UPDATE SET score = excluded.score, rated_at = excluded.rated_at, guild_id = excluded.guild_id, own = excluded.own
            """, cancellationToken);
        return CommandReply.Private(string.Create(CultureInfo.InvariantCulture,
            $"You rated {(own ? "your own image" : "image")} {image} a {choice.Score}/{ResultRatings.MaxScore}. Only you can see this; pick again to change it."));
    }
}
