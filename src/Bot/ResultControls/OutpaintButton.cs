using System.Globalization;
using DreamBot.Bot.Intake;
using DreamBot.Bot.Models;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.ResultControls;

/// <summary>
/// Zoom out and Pan: one image of a result, read back from the message like Vary, placed on a larger canvas whose new
/// area an inpainting model paints from the original prompt with a new seed (full strength), as a new charged
/// generation with its parent. It runs on a served inpainting model (the parent's when it is one), within that
/// model's and the server's size caps.
/// </summary>
public abstract class OutpaintButton(IDbContextFactory<DreamBotDb> contexts, IDreamQueue queue) : RepeatButton(contexts, queue)
{
    public const string ImageGone = "That image is no longer on this message, so it can't be extended.";

    protected override (DreamParameters?, string?) Repeat(DreamParameters parent, ButtonTarget target)
    {
        if (Parse(target) is not var (seed, _))
            return (null, null);
        if (target.Attachment(seed) is not { } image)
            return (null, ImageGone);
        return (parent with
        {
            InitImage = image.Url,
            Upscaler = null,
            Mask = null,
            Strength = 1,
            Seed = DreamParameters.NewSeed(Random.Shared),
            Count = 1,
        }, null);
    }

    protected override (DreamParameters?, string?) Place(DreamParameters parameters, ButtonTarget target, DreamDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(defaults);
        if (Parse(target) is not var (_, action))
            return (null, null);
        var model = ModelAvailability.InpaintingModel(parameters.Model, defaults.Models);
        if (model is null)
            return (null, ModelAvailability.NoInpaintingModel("images can't be zoomed out or panned", defaults.Models));
        var maxSide = Math.Min(defaults.Limits.MaxSide, model.MaxSide ?? defaults.Limits.MaxSide);
        var (width, height, placement) = Canvas(parameters.Width, parameters.Height, action, maxSide, Math.Min(defaults.Limits.MaxPixels, (long)maxSide * maxSide));
        // Another model gets its own scheduler and defaults: the parent's were chosen for the parent's model.
        var sameModel = model.Name == parameters.Model;
        return (parameters with
        {
            Model = model.Name,
            Width = width,
            Height = height,
            Placement = placement,
            Sampler = sameModel ? parameters.Sampler : DreamLimits.DefaultSampler,
            Steps = sameModel ? parameters.Steps : Math.Min(model.DefaultSteps ?? parameters.Steps, model.MaxSteps ?? int.MaxValue),
            Guidance = sameModel ? parameters.Guidance : model.DefaultGuidance ?? parameters.Guidance,
        }, null);
    }

    /// <summary>The action a button's argument names (a zoom factor, a direction), or null when this button does not know it.</summary>
    protected abstract string? Action(string argument);

    /// <summary>The canvas of <paramref name="action"/> for a <paramref name="width"/>×<paramref name="height"/> image.</summary>
    protected abstract (int Width, int Height, ImagePlacement Placement) Canvas(int width, int height, string action, int maxSide, long maxPixels);

    /// <summary>seed:action.</summary>
    private (long Seed, string Action)? Parse(ButtonTarget target)
    {
        var parts = target.Image.Split(':', 2);
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seed) && Action(parts[1]) is { } action
            ? (seed, action)
            : null;
    }
}
