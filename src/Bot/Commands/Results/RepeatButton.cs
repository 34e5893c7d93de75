using System.Globalization;
using DreamBot.Bot.Commands.Dream;
using DreamBot.Bot.Discord.Interactions;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.Commands.Results;

/// <summary>
/// Reroll and Variations: the settings of an earlier generation, read from the database (so the buttons work on
/// results of any age), submitted as a new request by whoever clicked, through the same checks as /dream.
/// </summary>
public abstract class RepeatButton(IDbContextFactory<DreamBotDb> contexts, IDreamQueue queue) : IComponentHandler
{
    public abstract string CustomIdPrefix { get; }

    public async Task<CommandReply> HandleAsync(Interaction interaction, string argument, CancellationToken cancellationToken)
    {
        if (!long.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var generationId))
            return CommandReply.Private("This button is not one of DreamBot's.");
        if (InteractionOrigin.From(interaction) is not { } origin)
            return CommandReply.Private("This button can only be used in a channel.");

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var parent = await db.Generations.AsNoTracking().SingleOrDefaultAsync(g => g.Id == generationId, cancellationToken);
        if (parent is null)
            return CommandReply.Private("That image's settings are gone, so it can't be repeated. Use /dream instead.");

        var request = Repeat(parent, origin);
        // The server's caps may have tightened since the original was made.
        var defaults = await queue.DefaultsAsync(origin.GuildId, origin.UserId, withModels: request.Model.Length > 0, cancellationToken);
        // The model may no longer be served; nothing would ever run such a job.
        if (request.Model.Length > 0 && !defaults.Models.Any(m => m.Name == request.Model))
            return CommandReply.Private($"No worker serves the model `{request.Model}` right now, so this can't be queued. Try again later, or use /dream with another model.");
        var problems = DreamRequestValidator.Problems(request with { InitImage = null }, defaults.Limits);
        if (problems.Count > 0)
            return CommandReply.Private(string.Join('\n', problems));

        var submission = await queue.SubmitAsync(request, cancellationToken);
        if (!submission.Accepted)
            return CommandReply.Private(submission.Message ?? CommandReply.Unavailable);
        var queued = string.Create(CultureInfo.InvariantCulture, $"Queued — position {submission.QueuePosition ?? 1}");
        return CommandReply.Public(submission.Message is { Length: > 0 } message ? $"{queued}. {message}" : queued);
    }

    protected abstract (long Seed, int Count) Seeds(Generation parent);

    private DreamRequest Repeat(Generation parent, DreamRequestOrigin origin)
    {
        var (seed, count) = Seeds(parent);
        return new DreamRequest(
            parent.Prompt,
            parent.NegativePrompt.Length > 0 ? parent.NegativePrompt : null,
            seed,
            parent.Steps,
            parent.Guidance,
            parent.Width,
            parent.Height,
            parent.Sampler,
            count,
            // The original attachment is re-fetched by the worker; its size was checked when it was first accepted.
            parent.InitImageUrl is { } url ? new DreamRequestInitImage(url, "init.png", 0, "image/png", null, null) : null,
            parent.Strength,
            origin) { Model = parent.Model };
    }
}
