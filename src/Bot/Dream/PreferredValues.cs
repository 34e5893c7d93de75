using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;

namespace DreamBot.Bot.Dream;

/// <summary>The values an omitted /dream option takes: the user's preference where the server allows it, else the default.</summary>
public sealed record PreferredValues(int Steps, double Guidance, int Width, int Height, string Sampler, int Count, string NegativePrompt)
{
    public static PreferredValues Within(UserPreferences? preferences, DreamLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var (width, height) = preferences is { Width: { } w, Height: { } h } && (long)w * h <= limits.MaxPixels
            ? (w, h)
            : (DreamLimits.DefaultSide, DreamLimits.DefaultSide);
        return new PreferredValues(
            Steps: Math.Clamp(preferences?.Steps ?? DreamLimits.DefaultSteps, 1, limits.MaxSteps),
            Guidance: preferences?.Guidance ?? DreamLimits.DefaultGuidance,
            Width: width,
            Height: height,
            Sampler: PickSampler(preferences?.Sampler, limits),
            Count: Math.Clamp(preferences?.Count ?? DreamLimits.DefaultCount, 1, limits.MaxCount),
            NegativePrompt: preferences?.NegativePrompt ?? "");
    }

    // A server that disallows the preferred (or default) sampler still gets a working request, not an error.
    private static string PickSampler(string? preferred, DreamLimits limits)
    {
        if (preferred is not null && limits.AllowedSamplers.Contains(preferred, StringComparer.Ordinal))
            return preferred;
        if (Samplers.IsAllowed(DreamLimits.DefaultSampler, limits))
            return DreamLimits.DefaultSampler;
        return limits.AllowedSamplers[0];
    }
}
