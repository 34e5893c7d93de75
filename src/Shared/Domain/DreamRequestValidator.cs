using System.Globalization;

namespace DreamBot.Shared.Domain;

/// <summary>
/// The rules a /dream must satisfy. Each problem is a sentence telling the user exactly what to change,
/// because Discord shows it to them verbatim.
/// </summary>
public static class DreamRequestValidator
{
    /// <param name="uploadLimitBytes">The interaction's attachment_size_limit, when Discord sent one.</param>
    public static IReadOnlyList<string> Problems(DreamRequest request, DreamLimits limits, long? uploadLimitBytes = null)
    {
        var problems = new List<string>();
        CheckText(request, problems);
        CheckNumbers(request, limits, problems);
        CheckSize(request, limits, problems);
        CheckInitImage(request, limits, uploadLimitBytes, problems);
        return problems;
    }

    private static void CheckText(DreamRequest request, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(request.Prompt))
            problems.Add("The `prompt` is empty: describe what to draw.");
        else if (request.Prompt.Length > DreamLimits.MaxPromptLength)
            problems.Add(Format("The `prompt` is {0} characters: shorten it to at most {1}.", request.Prompt.Length, DreamLimits.MaxPromptLength));

        if (request.NegativePrompt is { Length: > DreamLimits.MaxPromptLength } negative)
            problems.Add(Format("The `negative` prompt is {0} characters: shorten it to at most {1}.", negative.Length, DreamLimits.MaxPromptLength));
    }

    private static void CheckNumbers(DreamRequest request, DreamLimits limits, List<string> problems)
    {
        if (request.Seed is < 0 or > DreamRequest.MaxSeed)
            problems.Add(Format("`seed` must be between 0 and {0}: pick a seed in that range or leave it out.", DreamRequest.MaxSeed));
        if (request.Steps < 1 || request.Steps > limits.MaxSteps)
            problems.Add(Format("`steps` must be between 1 and {0} here: lower `steps` to {0} or less.", limits.MaxSteps));
        if (double.IsNaN(request.Guidance) || request.Guidance < 0 || request.Guidance > DreamLimits.MaxGuidance)
            problems.Add(Format("`guidance` must be between 0 and {0}: pick a value in that range.", DreamLimits.MaxGuidance));
        if (request.Count < 1 || request.Count > limits.MaxCount)
            problems.Add(Format("`count` must be between 1 and {0} here: ask for fewer images.", limits.MaxCount));
        if (!limits.AllowedSamplers.Contains(request.Sampler, StringComparer.Ordinal))
            problems.Add(Format("The sampler `{0}` is not available here: choose one of {1}.", request.Sampler, string.Join(", ", limits.AllowedSamplers)));
    }

    private static void CheckSize(DreamRequest request, DreamLimits limits, List<string> problems)
    {
        foreach (var (name, side) in new[] { ("width", request.Width), ("height", request.Height) })
        {
            if (side < DreamLimits.MinSide || side > DreamLimits.MaxSide || side % DreamLimits.SideStep != 0)
                problems.Add(Format("`{0}` must be a multiple of {1} between {2} and {3}: pick one of the offered sizes.",
                    name, DreamLimits.SideStep, DreamLimits.MinSide, DreamLimits.MaxSide));
        }

        var pixels = (long)request.Width * request.Height;
        if (pixels > limits.MaxPixels)
            problems.Add(Format("{0}×{1} is {2:N0} pixels; this server allows at most {3:N0}: choose a smaller `width` or `height`.",
                request.Width, request.Height, pixels, limits.MaxPixels));
    }

    private static void CheckInitImage(DreamRequest request, DreamLimits limits, long? uploadLimitBytes, List<string> problems)
    {
        if (request.InitImage is not { } image)
        {
            if (request.Strength is not null)
                problems.Add("`strength` only applies to image-to-image: attach an `image` or remove `strength`.");
            return;
        }

        if (request.Strength is { } strength && (double.IsNaN(strength) || strength < DreamLimits.MinStrength || strength > 1))
            problems.Add(Format("`strength` must be between {0} and 1: pick a value in that range.", DreamLimits.MinStrength));

        if (!DreamLimits.ImageContentTypes.Contains(BaseContentType(image.ContentType), StringComparer.OrdinalIgnoreCase))
            problems.Add(Format("The attached `image` is {0}, not a picture: attach a PNG, JPEG or WebP image.",
                string.IsNullOrEmpty(image.ContentType) ? "of an unknown type" : image.ContentType));

        var limitBytes = uploadLimitBytes is { } upload ? Math.Min(upload, limits.MaxInitImageBytes) : limits.MaxInitImageBytes;
        if (image.SizeBytes > limitBytes)
            problems.Add(Format("The attached `image` is {0}; the limit is {1}: attach a smaller image.", Megabytes(image.SizeBytes), Megabytes(limitBytes)));
    }

    // Discord may send "image/png; charset=..." style values.
    private static string BaseContentType(string contentType) => contentType.Split(';', 2)[0].Trim();

    private static string Megabytes(long bytes) => Format("{0:0.0} MB", bytes / (1024.0 * 1024.0));

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
