using System.Globalization;
using DreamBot.Bot.Dream;
using DreamBot.Bot.Intake;
using DreamBot.Bot.Interactions;
using DreamBot.Bot.Models;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.ResultControls;

/// <summary>
/// Reroll, Variations and Vary: the parameters of an earlier generation, read from the database (so the buttons work on
/// results of any age), changed as the button says, submitted as a new request by whoever clicked, through the same
/// checks as /dream.
/// </summary>
public abstract class RepeatButton(IDbContextFactory<DreamBotDb> contexts, IDreamQueue queue) : IComponentHandler
{
    public abstract string CustomIdPrefix { get; }

    public bool RepliesWithNewMessage => true;

    public async Task<CommandReply> HandleAsync(Interaction interaction, string argument, CancellationToken cancellationToken)
    {
        // The generation id, then what the button says of which image (Vary: its seed).
        var parts = argument.Split(':', 2);
        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var generationId))
            return CommandReply.Private("This button is not one of DreamBot's.");
        if (InteractionOrigin.From(interaction) is not { } origin)
            return CommandReply.Private("This button can only be used in a channel.");

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var source = await db.Generations.AsNoTracking().Where(g => g.Id == generationId)
            .Select(g => new { g.Parameters, g.ResultMessageId }).SingleOrDefaultAsync(cancellationToken);
        if (source is null)
            return CommandReply.Private("That image's settings are gone, so it can't be repeated. Use /dream instead.");
        if (!ClickedResult.IsOn(interaction, source.ResultMessageId))
            return CommandReply.Private(ClickedResult.NotThisResult);
        var parent = source.Parameters;

        var target = new ButtonTarget(generationId, parts.Length > 1 ? parts[1] : "", interaction.Message);
        var (repeated, refusal) = Repeat(parent, target);
        if (repeated is null)
            return CommandReply.Private(refusal ?? "This button is not one of DreamBot's.");
        // The server's caps may have tightened since the original was made, and its model may have gone.
        var defaults = await queue.DefaultsAsync(origin.GuildId, origin.UserId,
            withModels: repeated.Model.Length > 0 || repeated.IsImageToImage || repeated.IsUpscale, cancellationToken);
        var (parameters, placeRefusal) = Place(repeated, target, defaults);
        if (parameters is null)
            return CommandReply.Private(placeRefusal ?? "This button is not one of DreamBot's.");
        var problems = DreamRules.Problems(parameters, defaults.Limits).ToList();
        var modelProblem = parameters.IsUpscale
            ? ModelAvailability.UpscalerProblem(parameters, defaults.Models, defaults.SharedQueueModels)
            : null;
        // Upscale (creative) also diffuses, on the parent's model.
        if (!parameters.IsUpscale || parameters.IsCreativeUpscale)
            modelProblem ??= DreamOptionsParser.ModelProblem(parameters, defaults);
        if (modelProblem is not null)
            problems.Add(modelProblem);
        if (problems.Count > 0)
            return CommandReply.Private(string.Join('\n', problems));

        var submission = await queue.SubmitAsync(new DreamRequest(parameters, origin, ParentGenerationId: generationId), cancellationToken);
        return submission.ToReply();
    }

    /// <summary>The parent's parameters as this button repeats them, or why it cannot.</summary>
    protected abstract (DreamParameters? Parameters, string? Refusal) Repeat(DreamParameters parent, ButtonTarget target);

    /// <summary>The repeat fitted to what is served and allowed now (Zoom out and Pan: the inpainting model and its canvas), or why it cannot run.</summary>
    protected virtual (DreamParameters? Parameters, string? Refusal) Place(DreamParameters parameters, ButtonTarget target, DreamDefaults defaults) => (parameters, null);

    /// <summary>The result a button was pressed under: its generation, the image the button names, and the message.</summary>
    protected sealed record ButtonTarget(long GenerationId, string Image, InteractionMessage? Message)
    {
        /// <summary>Image <paramref name="seed"/>'s attachment on the message, if it is still there (flagged ones under Discord's SPOILER_ prefix).</summary>
        public InteractionAttachment? Attachment(long seed)
        {
            var name = ResultButtons.ImageFileName(GenerationId, seed);
            return Message?.Attachments.FirstOrDefault(a => a.Filename == name || a.Filename == "SPOILER_" + name);
        }
    }
}
