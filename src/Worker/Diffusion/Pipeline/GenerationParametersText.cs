using System.Globalization;
using DreamBot.Shared.Domain;

namespace DreamBot.Worker.Diffusion.Pipeline;

/// <summary>
/// The PNG <c>parameters</c> text, in the layout Stable Diffusion web UIs write and read, so a saved image can be
/// reproduced: prompt line, "Negative prompt:" line, then comma-separated settings.
/// </summary>
public static class GenerationParametersText
{
    public static string Format(DreamParameters request, long seed, string model)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = new List<string>
        {
            $"Steps: {request.Steps}",
            $"Sampler: {request.Sampler}",
            string.Create(CultureInfo.InvariantCulture, $"CFG scale: {request.Guidance}"),
            $"Seed: {seed}",
            $"Size: {request.Width}x{request.Height}",
            $"Model: {model}",
        };
        if (request.IsImageToImage)
            settings.Add(string.Create(CultureInfo.InvariantCulture, $"Denoising strength: {request.Strength}"));
        return $"{request.Prompt}\nNegative prompt: {request.NegativePrompt}\n{string.Join(", ", settings)}";
    }
}
