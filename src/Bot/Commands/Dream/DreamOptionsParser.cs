using System.Globalization;
using DreamBot.Bot.Commands.Moderation;
using DreamBot.Bot.Discord.Interactions;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;

namespace DreamBot.Bot.Commands.Dream;

/// <summary>Turns a /dream interaction into a validated <see cref="DreamRequest"/>, applying defaults.</summary>
public static class DreamOptionsParser
{
    public static DreamParseResult Parse(Interaction interaction, DreamLimits limits, Random random) =>
        Parse(interaction, new DreamDefaults(limits, null), random);

    /// <summary>Omitted options take the user's preferences, brought within the guild's caps, then the built-in defaults.</summary>
    public static DreamParseResult Parse(Interaction interaction, DreamDefaults defaults, Random random)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(random);
        var limits = defaults.Limits;
        var preferred = PreferredValues.Within(defaults.Preferences, limits);
        if (interaction.Data is not { } data || InteractionOrigin.From(interaction) is not { } origin)
            return DreamParseResult.Invalid(["This command can only be used from a channel or a direct message."]);

        var options = new CommandOptions(data);
        var (model, modelProblem) = ChooseModel(options.String(DreamOptionNames.Model), defaults.Models);
        var attachment = options.Attachment(DreamOptionNames.Image);
        var request = new DreamRequest(
            Prompt: options.String(DreamOptionNames.Prompt)?.Trim() ?? "",
            NegativePrompt: NullIfBlank(options.String(DreamOptionNames.Negative) ?? preferred.NegativePrompt),
            Seed: options.Integer(DreamOptionNames.Seed) ?? random.NextInt64(0, DreamRequest.MaxSeed + 1),
            // A model's own defaults come before the user's, which were chosen with other models in mind.
            Steps: ClampToInt(options.Integer(DreamOptionNames.Steps) ?? model?.DefaultSteps ?? preferred.Steps),
            Guidance: options.Number(DreamOptionNames.Guidance) ?? model?.DefaultGuidance ?? preferred.Guidance,
            Width: ClampToInt(options.Integer(DreamOptionNames.Width) ?? preferred.Width),
            Height: ClampToInt(options.Integer(DreamOptionNames.Height) ?? preferred.Height),
            Sampler: options.String(DreamOptionNames.Sampler) ?? preferred.Sampler,
            Count: ClampToInt(options.Integer(DreamOptionNames.Count) ?? preferred.Count),
            InitImage: attachment is null ? null : ToInitImage(attachment),
            Strength: options.Number(DreamOptionNames.Strength) ?? (attachment is null ? null : DreamLimits.DefaultStrength),
            Origin: origin) { Model = model?.Name ?? "" };

        var problems = options.Problems.Concat(DreamRequestValidator.Problems(request, limits, interaction.AttachmentSizeLimit)).ToList();
        if (modelProblem is not null)
            problems.Add(modelProblem);
        else if (model?.MaxSteps is { } maxSteps && request.Steps > maxSteps)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"`{model.Name}` is made for 1 to {maxSteps} steps; choose `steps` of {maxSteps} or fewer."));
        return problems.Count == 0 ? DreamParseResult.Valid(request) : DreamParseResult.Invalid(problems);
    }

    private static (ServedModel? Model, string? Problem) ChooseModel(string? name, IReadOnlyList<ServedModel> served)
    {
        if (string.IsNullOrWhiteSpace(name))
            return (null, null);
        name = name.Trim().ToLowerInvariant();
        if (served.FirstOrDefault(m => m.Name == name) is { } model)
            return (model, null);
        return (null, served.Count == 0
            ? $"No worker serves the model `{name}` right now. Leave `model` out to use the default."
            : $"No worker serves the model `{name}` right now. Available: {string.Join(", ", served.Select(m => $"`{m.Name}`"))}.");
    }

    private static DreamRequestInitImage ToInitImage(InteractionAttachment attachment) =>
        new(attachment.Url, attachment.Filename, attachment.Size, attachment.ContentType ?? "", attachment.Width, attachment.Height);

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    // Out-of-range values must still reach the validator (and its message), not overflow here.
    private static int ClampToInt(long value) => (int)Math.Clamp(value, int.MinValue, int.MaxValue);
}
