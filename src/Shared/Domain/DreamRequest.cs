namespace DreamBot.Shared.Domain;

/// <summary>A validated /dream: every parameter resolved (defaults applied, seed chosen) and where it came from.</summary>
public sealed record DreamRequest(
    string Prompt,
    string? NegativePrompt,
    long Seed,
    int Steps,
    double Guidance,
    int Width,
    int Height,
    string Sampler,
    int Count,
    DreamRequestInitImage? InitImage,
    double? Strength,
    DreamRequestOrigin Origin)
{
    /// <summary>Discord integers are limited to ±2^53; seeds are kept to 32 bits so every seed can be typed back in.</summary>
    public const long MaxSeed = uint.MaxValue;

    /// <summary>The served model to render with; "" lets any worker use its first model.</summary>
    public string Model { get; init; } = "";

    public double Cost => CostUnits.For(Width, Height, Steps, Count);
}
