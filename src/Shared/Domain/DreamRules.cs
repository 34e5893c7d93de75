using System.Globalization;

namespace DreamBot.Shared.Domain;

/// <summary>
/// The rules parameters must satisfy under some caps. The Bot checks a request under the server's caps and the
/// pipeline under <see cref="DreamLimits.Hard"/>, which are never tighter, so nothing the Bot accepts is refused later.
/// Each problem is a sentence telling the user what to change, because Discord shows it to them verbatim.
/// </summary>
public static class DreamRules
{
    public static IReadOnlyList<string> Problems(DreamParameters parameters, DreamLimits limits)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(limits);
        var problems = new List<string>();
        CheckText(parameters, problems);
        CheckNumbers(parameters, limits, problems);
        if (parameters.IsUpscale)
        {
            CheckUpscale(parameters, problems);
            // Upscale (creative) diffuses at its output size, so the server's size caps apply to it.
            if (!parameters.IsCreativeUpscale)
                return problems;
        }
        CheckSize(parameters, limits, problems);
        CheckStrength(parameters, problems);
        CheckInpaint(parameters, problems);
        return problems;
    }

    private static void CheckInpaint(DreamParameters p, List<string> problems)
    {
        if ((p.Mask is not null || p.Placement is not null) && !p.IsImageToImage)
            problems.Add("A `mask` needs the `image` it masks: attach both.");
        if (p.Mask is not null && p.Placement is not null)
            problems.Add("An image is either masked or placed on a larger canvas, not both.");
        if (p.Placement is { } placement && !placement.FitsIn(p.Width, p.Height))
            problems.Add(Format("The image's place {0} is not inside the {1}×{2} canvas.", placement, p.Width, p.Height));
    }

    private static void CheckText(DreamParameters p, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(p.Prompt))
            problems.Add("The `prompt` is empty: describe what to draw.");
        else if (p.Prompt.Length > DreamLimits.MaxPromptLength)
            problems.Add(Format("The `prompt` is {0} characters: shorten it to at most {1}.", p.Prompt.Length, DreamLimits.MaxPromptLength));

        if (p.NegativePrompt is null)
            problems.Add("The `negative` prompt is missing.");
        else if (p.NegativePrompt.Length > DreamLimits.MaxPromptLength)
            problems.Add(Format("The `negative` prompt is {0} characters: shorten it to at most {1}.", p.NegativePrompt.Length, DreamLimits.MaxPromptLength));
    }

    private static void CheckNumbers(DreamParameters p, DreamLimits limits, List<string> problems)
    {
        if (p.Seed is < 0 or > DreamLimits.MaxSeed)
            problems.Add(Format("`seed` must be between 0 and {0}: pick a seed in that range or leave it out.", DreamLimits.MaxSeed));
        if (p.Steps < 1 || p.Steps > limits.MaxSteps)
            problems.Add(Format("`steps` must be between 1 and {0} here: lower `steps` to {0} or less.", limits.MaxSteps));
        if (double.IsNaN(p.Guidance) || p.Guidance < 0 || p.Guidance > DreamLimits.MaxGuidance)
            problems.Add(Format("`guidance` must be between 0 and {0}: pick a value in that range.", DreamLimits.MaxGuidance));
        if (p.Count < 1 || p.Count > limits.MaxCount)
            problems.Add(Format("`count` must be between 1 and {0} here: ask for fewer images.", limits.MaxCount));
        if (p.Sampler is null || !Samplers.IsAllowed(p.Sampler, limits))
            problems.Add(Format("The sampler `{0}` is not available here: choose one of {1}.", p.Sampler ?? "", string.Join(", ", limits.AllowedSamplers)));
        else if (Samplers.MaxSteps(p.Sampler) is { } samplerSteps && p.Steps > samplerSteps)
            problems.Add(Format("The sampler `{0}` runs at most {1} steps: lower `steps` to {1} or choose another sampler.", p.Sampler, samplerSteps));
    }

    private static void CheckSize(DreamParameters p, DreamLimits limits, List<string> problems)
    {
        foreach (var (name, side) in new[] { ("width", p.Width), ("height", p.Height) })
        {
            if (!DreamLimits.IsSide(side))
                problems.Add(Format("`{0}` must be a multiple of {1} between {2} and {3}: pick one of the offered sizes.",
                    name, DreamLimits.SideStep, DreamLimits.MinSide, DreamLimits.Hard.MaxSide));
        }

        var pixels = (long)p.Width * p.Height;
        if (pixels > limits.MaxPixels)
            problems.Add(Format("{0}×{1} is {2:N0} pixels; this server allows at most {3:N0} ({4}×{4}): choose a smaller `width` or `height`.",
                p.Width, p.Height, pixels, limits.MaxPixels, limits.MaxSide));
    }

    /// <summary>
    /// An upscale renders no diffusion, so the server's size caps do not apply; its output is bounded by
    /// <see cref="DreamLimits.MaxUpscaledSide"/> instead.
    /// </summary>
    private static void CheckUpscale(DreamParameters p, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(p.InitImage))
            problems.Add("An upscale needs the image to upscale.");
        // Above 0 is checked with every image-to-image strength; at 1 nothing of the upscale would be left.
        if (p.Strength >= 1)
            problems.Add("An upscale's `strength` re-diffuses the upscaled image: it must be below 1.");
        if (p.Count != 1)
            problems.Add("An upscale makes exactly one image.");
        if (p.Width < 1 || p.Height < 1 || p.Width > DreamLimits.MaxUpscaledSide || p.Height > DreamLimits.MaxUpscaledSide)
            problems.Add(Format("{0}×{1} is too large to upscale to: an upscaled side may be at most {2}.", p.Width, p.Height, DreamLimits.MaxUpscaledSide));
    }

    /// <summary>Null when an image of <paramref name="width"/>×<paramref name="height"/> may be upscaled ×<paramref name="scale"/>; otherwise why not.</summary>
    public static string? UpscaleProblem(int width, int height, int scale)
    {
        if (!DreamLimits.UpscaleScales.Contains(scale))
            return Format("Images can be upscaled ×{0} only.", string.Join(" or ×", DreamLimits.UpscaleScales));
        var side = Math.Max(width, height) * (long)scale;
        return side > DreamLimits.MaxUpscaledSide
            ? Format("Upscaled ×{0}, this image would be {1}×{2}; an upscaled side may be at most {3}.", scale, (long)width * scale, (long)height * scale, DreamLimits.MaxUpscaledSide)
            : null;
    }

    /// <summary>
    /// The size Upscale (creative) renders a <paramref name="width"/>×<paramref name="height"/> image at: ×2 where
    /// <paramref name="maxSide"/> and <paramref name="maxPixels"/> allow it, otherwise the largest long side on the
    /// <see cref="DreamLimits.SideStep"/> grid within them, the short side scaled with it to the nearest step; null
    /// when even that is not larger than the image.
    /// </summary>
    public static (int Width, int Height)? CreativeUpscaleSize(int width, int height, int maxSide, long maxPixels)
    {
        var (longSide, shortSide) = (Math.Max(width, height), Math.Min(width, height));
        var step = DreamLimits.SideStep;
        for (var side = Math.Min(longSide * (long)CreativeUpscaleScale, maxSide) / step * step; side > longSide; side -= step)
        {
            var scaledShort = Math.Max(step, (int)Math.Round(shortSide * (double)side / longSide / step, MidpointRounding.AwayFromZero) * step);
            var (w, h) = width >= height ? ((int)side, scaledShort) : (scaledShort, (int)side);
            if ((long)w * h <= maxPixels && scaledShort <= maxSide)
                return (w, h);
        }
        return null;
    }

    /// <summary>How much Upscale (creative) enlarges an image where the caps allow.</summary>
    public const int CreativeUpscaleScale = 2;

    private static void CheckStrength(DreamParameters p, List<string> problems)
    {
        if (!p.IsImageToImage)
        {
            if (p.Strength is not null)
                problems.Add("`strength` only applies to image-to-image: attach an `image` or remove `strength`.");
            return;
        }
        if (p.Strength is not { } strength || double.IsNaN(strength) || strength <= 0 || strength > 1)
            problems.Add("`strength` must be above 0 and at most 1: pick a value in that range.");
        else if (p.DenoisingSteps < 1)
            problems.Add(Format("`strength` {0} of {1} steps runs no step at all: raise `strength` to at least {2:0.###} or use more `steps`.",
                strength, p.Steps, 1.0 / p.Steps));
    }

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
