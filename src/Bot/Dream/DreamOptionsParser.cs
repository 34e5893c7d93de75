using System.Globalization;
using DreamBot.Bot.Intake;
using DreamBot.Bot.Interactions;
using DreamBot.Bot.Models;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;

namespace DreamBot.Bot.Dream;

/// <summary>Turns a /dream interaction into a validated <see cref="DreamRequest"/>, applying defaults.</summary>
public static class DreamOptionsParser
{
    public static DreamParseResult Parse(Interaction interaction, DreamLimits limits, Random random) =>
        Parse(interaction, new DreamDefaults(limits, null), random);

    /// <summary>Omitted options take the model's defaults, then the user's preferences within the server's caps, then DreamBot's defaults.</summary>
    public static DreamParseResult Parse(Interaction interaction, DreamDefaults defaults, Random random)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(random);
        if (interaction.Data is not { } data || InteractionOrigin.From(interaction) is not { } origin)
            return DreamParseResult.Invalid(["This command can only be used from a channel or a direct message."]);

        var limits = defaults.Limits;
        var preferred = PreferredValues.Within(defaults.Preferences, limits);
        var options = new CommandOptions(data);
        var modelName = options.String(DreamOptionNames.Model)?.Trim().ToLowerInvariant() ?? "";
        var attachment = options.Attachment(DreamOptionNames.Image);
        var mask = options.Attachment(DreamOptionNames.Mask);
        // A mask needs an inpainting model: one named is checked below; otherwise a served one is chosen.
        if (mask is not null && modelName.Length == 0)
            modelName = ModelAvailability.InpaintingModel("", defaults.Models)?.Name ?? "";
        var model = defaults.Models.FirstOrDefault(m => m.Name == modelName);
        var parameters = new DreamParameters
        {
            Prompt = options.String(DreamOptionNames.Prompt)?.Trim() ?? "",
            NegativePrompt = (options.String(DreamOptionNames.Negative) ?? preferred.NegativePrompt).Trim(),
            Seed = options.Integer(DreamOptionNames.Seed) ?? DreamParameters.NewSeed(random),
            // A model's own defaults come before the user's, which were chosen with other models in mind.
            Steps = ClampToInt(options.Integer(DreamOptionNames.Steps) ?? model?.DefaultSteps ?? preferred.Steps),
            Guidance = options.Number(DreamOptionNames.Guidance) ?? model?.DefaultGuidance ?? preferred.Guidance,
            // The size the model was trained at comes before the user's: SD 2.x-v at 512 or SDXL at 512 falls apart.
            Width = ClampToInt(options.Integer(DreamOptionNames.Width) ?? ModelSide(model?.DefaultWidth, model, limits) ?? preferred.Width),
            Height = ClampToInt(options.Integer(DreamOptionNames.Height) ?? ModelSide(model?.DefaultHeight, model, limits) ?? preferred.Height),
            Sampler = options.String(DreamOptionNames.Sampler) ?? preferred.Sampler,
            Count = ClampToInt(options.Integer(DreamOptionNames.Count) ?? preferred.Count),
            InitImage = attachment?.Url,
            Mask = mask?.Url,
            // Inpainting repaints the masked part from pure noise unless asked otherwise, as diffusers' default does.
            Strength = options.Number(DreamOptionNames.Strength) ?? (attachment is null ? null : mask is null ? DreamLimits.DefaultStrength : 1),
            Model = modelName,
        };

        var problems = options.Problems.Concat(DreamRules.Problems(parameters, limits)).ToList();
        if (attachment is not null)
            problems.AddRange(AttachmentProblems(attachment, DreamOptionNames.Image, interaction.AttachmentSizeLimit));
        if (mask is not null)
            problems.AddRange(AttachmentProblems(mask, DreamOptionNames.Mask, interaction.AttachmentSizeLimit));
        if (ModelProblem(parameters, defaults) is { } modelProblem)
            problems.Add(modelProblem);
        return problems.Count == 0 ? DreamParseResult.Valid(new DreamRequest(parameters, origin)) : DreamParseResult.Invalid(problems);
    }

    /// <summary>A few-step model refuses more steps than it was made for.</summary>
    /// <summary>Whether a live worker can render <paramref name="parameters"/> with their model: /dream and the repeat buttons ask the same.</summary>
    public static string? ModelProblem(DreamParameters parameters, DreamDefaults defaults) =>
        ModelAvailability.Problem(parameters.Model, defaults.Models)
        ?? ModelStepsProblem(defaults.Models.FirstOrDefault(m => m.Name == parameters.Model), parameters.Steps)
        ?? ModelSizeProblem(defaults.Models.FirstOrDefault(m => m.Name == parameters.Model), parameters.Width, parameters.Height)
        ?? ModelAvailability.ImageToImageProblem(parameters, defaults.Models, defaults.SharedQueueModels)
        ?? ModelAvailability.InpaintProblem(parameters, defaults.Models);

    private static string? ModelStepsProblem(ServedModel? model, int steps) =>
        model?.MaxSteps is { } maxSteps && steps > maxSteps
            ? string.Create(CultureInfo.InvariantCulture, $"`{model.Name}` is made for 1 to {maxSteps} steps; choose `steps` of {maxSteps} or fewer.")
            : null;

    private static string? ModelSizeProblem(ServedModel? model, int width, int height) =>
        model?.MaxSide is { } maxSide && Math.Max(width, height) > maxSide
            ? string.Create(CultureInfo.InvariantCulture, $"`{model.Name}` is made for sides up to {maxSide}; choose `width` and `height` of {maxSide} or less.")
            : null;

    /// <summary>The model's own default side, kept within the server's and the model's caps; null when it has none.</summary>
    private static int? ModelSide(int? side, ServedModel? model, DreamLimits limits) =>
        side is { } value ? Math.Min(value, Math.Min(limits.MaxSide, model?.MaxSide ?? limits.MaxSide)) : null;

    /// <param name="uploadLimitBytes">The interaction's attachment_size_limit, when Discord sent one.</param>
    private static IEnumerable<string> AttachmentProblems(InteractionAttachment attachment, string option, long? uploadLimitBytes)
    {
        // Discord may send "image/png; charset=..." style values.
        var contentType = (attachment.ContentType ?? "").Split(';', 2)[0].Trim();
        if (!DreamLimits.ImageContentTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase))
            yield return $"The attached `{option}` is {(contentType.Length == 0 ? "of an unknown type" : contentType)}, not a picture: attach a PNG, JPEG or WebP image.";

        var limitBytes = uploadLimitBytes is { } upload ? Math.Min(upload, DreamLimits.MaxInitImageBytes) : DreamLimits.MaxInitImageBytes;
        if (attachment.Size > limitBytes)
            yield return $"The attached `{option}` is {Megabytes(attachment.Size)}; the limit is {Megabytes(limitBytes)}: attach a smaller image.";
    }

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.0} MB");

    // Out-of-range values must still reach the validator (and its message), not overflow here.
    private static int ClampToInt(long value) => (int)Math.Clamp(value, int.MinValue, int.MaxValue);
}
