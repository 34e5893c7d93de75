using DreamBot.Worker.Diffusion.Pipeline;
using System.Globalization;
using DreamBot.Shared.Data;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Imaging;
using DreamBot.Worker.Upscaling;

namespace DreamBot.Worker.Delivery;

/// <summary>The message a finished generation is posted as: the images, an embed with everything needed to reproduce them, and buttons.</summary>
public static class ResultMessage
{
    private const int EmbedColor = 0x5865F2;

    public static (MessagePayload Payload, IReadOnlyList<FileUpload> Files) Build(
        Generation generation, string model, GenerationResult result, GuildSettings settings, TimeSpan queueWait, TimeSpan renderTime,
        IReadOnlyList<ServedUpscaler>? upscalers = null)
    {
        var files = new List<FileUpload>();
        var withheld = 0;
        foreach (var image in result.Images)
        {
            if (SafetyDisplay.Withheld(generation, image, settings))
            {
                withheld++;
                continue;
            }
            // Discord blurs attachments whose names start with SPOILER_ until someone clicks them.
            var name = (SafetyDisplay.Spoiler(generation, image, settings) ? "SPOILER_" : "") + ResultButtons.ImageFileName(generation.Id, image.Seed);
            files.Add(new FileUpload(name, image.Png) { Description = DiscordLimits.Truncate(generation.Parameters.Prompt, DiscordLimits.AttachmentDescription) });
        }

        // Vary reads each image back from its own attachment, so a grid gets no per-image buttons.
        var shownSeeds = result.Images.Select(i => i.Seed).Where(seed => files.Any(f => f.FileName.EndsWith(ResultButtons.ImageFileName(generation.Id, seed), StringComparison.Ordinal))).ToList();
        // A grid still rates its images by number; only Vary needs them as separate attachments.
        var ratedSeeds = shownSeeds;
        if (settings.ImageGrid && files.Count > 1 && files.All(f => !f.FileName.StartsWith("SPOILER_", StringComparison.Ordinal)))
        {
            files = [new FileUpload($"dream-{generation.Id}-grid.png", ImageGrid.Compose([.. files.Select(f => f.Content.ToArray())])) { Description = files[0].Description }];
            shownSeeds = [];
        }

        var embed = new Embed
        {
            Title = DiscordLimits.Truncate(generation.Parameters.Prompt, DiscordLimits.EmbedTitle),
            Color = EmbedColor,
            Fields = Fields(generation, model, result, queueWait, renderTime),
            Image = files.Count == 1 && !files[0].FileName.StartsWith("SPOILER_", StringComparison.Ordinal) ? EmbedImage.FromAttachment(files[0].FileName) : null,
            Footer = new EmbedFooter(Invariant($"Requested by {generation.UserName} · generation {generation.Id}")
                + (generation.ParentGenerationId is { } parent ? Invariant($" · from generation {parent}") : "")),
        };
        var content = withheld switch
        {
            0 => "",
            _ when files.Count == 0 => "The safety checker flagged every image, so none are shown.",
            _ => Invariant($"The safety checker flagged {withheld} image(s); they are not shown."),
        };
        var payload = new MessagePayload
        {
            Content = content,
            Embeds = [embed],
            Components = [Buttons(generation.Id), .. VaryButtons(generation.Id, shownSeeds), .. UpscaleButtons(generation, shownSeeds, upscalers ?? []), .. PanButtons(generation.Id, shownSeeds), .. RatingRows(generation.Id, generation.Parameters.Seed, ratedSeeds)],
            AllowedMentions = AllowedMentions.None,
        };
        return (payload, files);
    }

    /// <summary>
    /// Vary (subtle), Vary (strong), Zoom out 1.5× and 2× under a single image; V1…V4 (strong) under several, one per
    /// image shown, in the order of their seeds. Zoom out and Pan are offered under single images only: Discord allows
    /// five rows, and a result of several has its U and V rows and ratings.
    /// </summary>
    public static IEnumerable<ActionRow> VaryButtons(long generationId, IReadOnlyList<long> seeds)
    {
        var argument = (long seed) => Invariant($"{generationId}:{seed}");
        if (seeds is [var single])
        {
            yield return ActionRow.Of([
                new Button { Style = ButtonStyle.Secondary, Label = "Vary (subtle)", CustomId = ResultButtons.VarySubtle + argument(single), Emoji = new ComponentEmoji("🪶") },
                new Button { Style = ButtonStyle.Secondary, Label = "Vary (strong)", CustomId = ResultButtons.VaryStrong + argument(single), Emoji = new ComponentEmoji("🌀") },
                .. Outpaint.ZoomFactors.Select(factor => new Button
                {
                    Style = ButtonStyle.Secondary,
                    Label = Invariant($"Zoom out {factor}×"),
                    CustomId = ResultButtons.ZoomOut + argument(single) + Invariant($":{factor}"),
                })]);
        }
        else if (seeds.Count > 1)
        {
            yield return ActionRow.Of([.. seeds.Select((seed, i) =>
                new Button { Style = ButtonStyle.Secondary, Label = Invariant($"V{i + 1}"), CustomId = ResultButtons.VaryStrong + argument(seed) })]);
        }
    }

    /// <summary>Pan ⬅ ➡ ⬆ ⬇ under a single image: a row of its own.</summary>
    public static IEnumerable<ActionRow> PanButtons(long generationId, IReadOnlyList<long> seeds)
    {
        if (seeds is not [var single])
            yield break;
        (PanDirection Direction, string Emoji)[] arrows = [(PanDirection.Left, "⬅️"), (PanDirection.Right, "➡️"), (PanDirection.Up, "⬆️"), (PanDirection.Down, "⬇️")];
        yield return ActionRow.Of([.. arrows.Select(a => new Button
        {
            Style = ButtonStyle.Secondary,
            Label = Invariant($"Pan {a.Direction.ToString().ToLowerInvariant()}"),
            CustomId = ResultButtons.Pan + Invariant($"{generationId}:{single}:{a.Direction.ToString().ToLowerInvariant()}"),
            Emoji = new ComponentEmoji(a.Emoji),
        })]);
    }

    /// <summary>
    /// One row: Upscale ×2 and ×4 (the scales this worker serves that stay within <see cref="DreamLimits.MaxUpscaledSide"/>)
    /// and Upscale (creative) under a single image, U1…U4 under several (with the smallest scale served); none when the
    /// worker serves no upscaler.
    /// </summary>
    public static IEnumerable<ActionRow> UpscaleButtons(Generation generation, IReadOnlyList<long> seeds, IReadOnlyList<ServedUpscaler> upscalers)
    {
        ArgumentNullException.ThrowIfNull(generation);
        var (width, height) = (generation.Parameters.Width, generation.Parameters.Height);
        var usable = upscalers.Where(u => DreamRules.UpscaleProblem(width, height, u.Scale) is null)
            .GroupBy(u => u.Scale).Select(g => g.First()).OrderBy(u => u.Scale).ToList();
        var customId = (long seed, ServedUpscaler upscaler) =>
            ResultButtons.Upscale + Invariant($"{generation.Id}:{seed}:{upscaler.Scale}:{upscaler.Name}");
        if (seeds is [var single] && upscalers.Count > 0)
        {
            // Upscale (creative) picks its upscaler and size when clicked, within the model's caps, which the Bot knows.
            yield return ActionRow.Of([
                .. usable.Select(u =>
                    new Button { Style = ButtonStyle.Secondary, Label = Invariant($"Upscale ×{u.Scale}"), CustomId = customId(single, u), Emoji = new ComponentEmoji("🔍") }),
                new Button { Style = ButtonStyle.Secondary, Label = "Upscale (creative)", CustomId = ResultButtons.CreativeUpscale + Invariant($"{generation.Id}:{single}"), Emoji = new ComponentEmoji("✨") }]);
        }
        else if (usable.Count > 0 && seeds.Count > 1)
        {
            yield return ActionRow.Of([.. seeds.Select((seed, i) =>
                new Button { Style = ButtonStyle.Secondary, Label = Invariant($"U{i + 1}"), CustomId = customId(seed, usable[0]) })]);
        }
    }

    /// <summary>
    /// Rating selects for the images shown (a grid's too): a score 1–10 for a single image, "Image N: score" for
    /// several, <see cref="ResultRatings.ImagesPerSelect"/> images per select. N counts from the first seed, as the reply does.
    /// </summary>
    public static IEnumerable<ActionRow> RatingRows(long generationId, long firstSeed, IReadOnlyList<long> seeds)
    {
        var scores = Enumerable.Range(ResultRatings.MinScore, ResultRatings.MaxScore - ResultRatings.MinScore + 1).Reverse().ToList();
        foreach (var (chunk, index) in seeds.Chunk(ResultRatings.ImagesPerSelect).Select((chunk, index) => (chunk, index)))
        {
            var image = (long seed) => seed - firstSeed + 1;
            yield return ActionRow.Of(new StringSelect
            {
                CustomId = ResultRatings.CustomId(generationId, index + 1),
                Placeholder = seeds.Count == 1 ? "Rate this image (private)" : Invariant($"Rate image {string.Join(" or ", chunk.Select(image))} (private)"),
                MinValues = 1,
                MaxValues = 1,
                Options = [.. chunk.SelectMany(seed => scores.Select(score => new SelectOption(
                    seeds.Count == 1 ? Invariant($"{score}/{ResultRatings.MaxScore}") : Invariant($"Image {image(seed)}: {score}/{ResultRatings.MaxScore}"),
                    ResultRatings.OptionValue(seed, score))))],
            });
        }
    }

    public static ActionRow Buttons(long generationId) => ActionRow.Of(
        new Button { Style = ButtonStyle.Primary, Label = "Reroll", CustomId = ResultButtons.Reroll + generationId, Emoji = new ComponentEmoji("🎲") },
        new Button { Style = ButtonStyle.Secondary, Label = "Variations", CustomId = ResultButtons.Variations + generationId, Emoji = new ComponentEmoji("🔀") },
        new Button { Style = ButtonStyle.Danger, Label = "Delete", CustomId = ResultButtons.Delete + generationId, Emoji = new ComponentEmoji("🗑️") });

    private static List<EmbedField> Fields(Generation generation, string model, GenerationResult result, TimeSpan queueWait, TimeSpan renderTime)
    {
        var seeds = result.Images.Count == 1
            ? result.Seed.ToString(CultureInfo.InvariantCulture)
            : Invariant($"{result.Seed} (+0..{result.Images.Count - 1})");
        var parameters = generation.Parameters;
        var fields = new List<EmbedField>();
        if (parameters.NegativePrompt.Length > 0)
            fields.Add(new("Negative prompt", DiscordLimits.Truncate(parameters.NegativePrompt, DiscordLimits.FieldValue)));
        if (result.DroppedPromptText is { } dropped)
            fields.Add(new("Prompt cut", DiscordLimits.Truncate(
                "The prompt is longer than the model takes; this was left out: " + dropped, DiscordLimits.FieldValue)));
        fields.Add(new("Seed", seeds, true));
        if (parameters.Upscaler is { } upscaler)
        {
            fields.Add(new("Upscaler", upscaler, true));
            // Upscale (creative) diffuses after the upscaler, so its diffusion settings are shown too.
            if (!parameters.IsCreativeUpscale)
            {
                fields.Add(new("Size", Invariant($"{parameters.Width}×{parameters.Height}"), true));
                fields.Add(new("Queue wait", Seconds(queueWait), true));
                fields.Add(new("Render time", Seconds(renderTime), true));
                return fields;
            }
        }
        fields.Add(new("Steps", parameters.Steps.ToString(CultureInfo.InvariantCulture), true));
        fields.Add(new("Guidance", parameters.Guidance.ToString("0.##", CultureInfo.InvariantCulture), true));
        fields.Add(new("Sampler", parameters.Sampler, true));
        fields.Add(new("Size", Invariant($"{parameters.Width}×{parameters.Height}"), true));
        fields.Add(new("Model", model, true));
        if (parameters is { IsImageToImage: true, Strength: { } strength })
            fields.Add(new("Strength", strength.ToString("0.##", CultureInfo.InvariantCulture), true));
        if (parameters.Placement is { } placement)
            fields.Add(new("Extended", Invariant($"from {placement.Width}×{placement.Height} at {placement.X}, {placement.Y}"), true));
        else if (parameters.IsInpaint)
            fields.Add(new("Inpainted", "under a mask", true));
        fields.Add(new("Queue wait", Seconds(queueWait), true));
        fields.Add(new("Render time", Seconds(renderTime), true));
        return fields;
    }

    private static string Seconds(TimeSpan span) => Invariant($"{span.TotalSeconds:0.0} s");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
