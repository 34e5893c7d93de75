using System.Globalization;
using DreamBot.Bot.Intake;
using DreamBot.Bot.Models;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.ResultControls;

/// <summary>
/// Upscale (creative), the "hires fix": one image of a result, read back from the message like Vary, enlarged by a
/// served upscaler and re-diffused at <see cref="ResultButtons.CreativeUpscaleStrength"/> at the larger size with the
/// parent's prompt, seed and settings, as one new charged generation with its parent. Both stages run in one job on a
/// worker serving the parent's model, so the upscaler is one that model's workers serve; the size is ×2 within the
/// model's and the server's caps (<see cref="DreamRules.CreativeUpscaleSize"/>).
/// </summary>
public sealed class CreativeUpscaleButton(IDbContextFactory<DreamBotDb> contexts, IDreamQueue queue) : RepeatButton(contexts, queue)
{
    public override string CustomIdPrefix => ResultButtons.CreativeUpscale;

    protected override (DreamParameters?, string?) Repeat(DreamParameters parent, ButtonTarget target)
    {
        if (!long.TryParse(target.Image, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
            return (null, null);
        if (target.Attachment(seed) is not { } image)
            return (null, UpscaleButton.ImageGone);
        return (parent with
        {
            InitImage = image.Url,
            Strength = ResultButtons.CreativeUpscaleStrength,
            Upscaler = null,
            Mask = null,
            Placement = null,
            Seed = seed,
            Count = 1,
        }, null);
    }

    protected override (DreamParameters?, string?) Place(DreamParameters parameters, ButtonTarget target, DreamDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(defaults);
        var candidates = parameters.Model.Length > 0 ? [parameters.Model] : defaults.SharedQueueModels;
        var models = defaults.Models.Where(m => candidates.Contains(m.Name)).ToList();
        var upscalers = models.SelectMany(m => m.Upscalers).Select(ParseServed).OfType<(string Name, int Scale)>().Distinct().OrderBy(u => u.Scale).ToList();
        if (upscalers.Count == 0)
            return (null, ModelAvailability.NoUpscalerWith(parameters.Model, defaults.Models));

        var maxSide = models.Select(m => m.MaxSide ?? int.MaxValue).Append(defaults.Limits.MaxSide).Min();
        if (DreamRules.CreativeUpscaleSize(parameters.Width, parameters.Height, maxSide, Math.Min(defaults.Limits.MaxPixels, (long)maxSide * maxSide)) is not var (width, height))
            return (null, string.Create(CultureInfo.InvariantCulture,
                $"This image is already as large as can be rendered here (sides up to {maxSide}), so it can't be upscaled creatively. Upscale ×2 enlarges it without re-rendering."));
        // The smallest scale that reaches the size, so the model's re-render starts from the upscaler's own detail.
        var longSide = Math.Max(width, height);
        var upscaler = upscalers.FirstOrDefault(u => u.Scale * Math.Max(parameters.Width, parameters.Height) >= longSide, upscalers[^1]);
        return (parameters with { Upscaler = upscaler.Name, Width = width, Height = height, Strength = StrengthFor(parameters.Steps) }, null);
    }

    /// <summary>
    /// <see cref="ResultButtons.CreativeUpscaleStrength"/>, raised just enough on a few-step model that one denoising
    /// step runs (diffusers runs int(steps × strength) of them).
    /// </summary>
    public static double StrengthFor(int steps)
    {
        var strength = ResultButtons.CreativeUpscaleStrength;
        if ((int)(steps * strength) >= 1 || steps < 1)
            return strength;
        strength = 1.0 / steps;
        return (int)(steps * strength) >= 1 ? strength : Math.BitIncrement(strength);
    }

    /// <summary>"name:scale" as served_models lists it.</summary>
    private static (string Name, int Scale)? ParseServed(string served) =>
        served.Split(':') is [var name, var scale] && int.TryParse(scale, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? (name, value) : null;
}
