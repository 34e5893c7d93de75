namespace DreamBot.Shared.Domain;

/// <summary>
/// What a /dream may ask for. Per-guild settings will supply these; <see cref="Default"/> is used until then.
/// </summary>
public sealed record DreamLimits(
    int MaxPixels,
    int MaxSteps,
    int MaxCount,
    long MaxInitImageBytes,
    IReadOnlyList<string> AllowedSamplers)
{
    public const int MaxPromptLength = 1000;
    public const int MinSide = 256;
    public const int MaxSide = 1024;
    public const int SideStep = 64;
    public const double MaxGuidance = 30;
    public const double MinStrength = 0.01;
    public const int DefaultSteps = 30;
    public const double DefaultGuidance = 7.5;
    public const int DefaultSide = 512;
    public const int DefaultCount = 1;
    public const double DefaultStrength = 0.75;

    /// <summary>Every sampler the Worker implements, in the order they are offered.</summary>
    public static IReadOnlyList<string> AllSamplers { get; } =
        ["ddim", "pndm", "euler", "euler_a", "lms", "dpmpp_2m", "dpmpp_2m_karras"];

    public const string DefaultSampler = "euler_a";

    public static IReadOnlyList<string> ImageContentTypes { get; } = ["image/png", "image/jpeg", "image/webp"];

    public static DreamLimits Default { get; } = new(
        MaxPixels: 768 * 768,
        MaxSteps: 50,
        MaxCount: 4,
        MaxInitImageBytes: 8 * 1024 * 1024,
        AllowedSamplers: AllSamplers);

    /// <summary>The side lengths offered as choices: 256, 320, ... 1024 (13 values; Discord allows 25).</summary>
    public static IEnumerable<int> Sides()
    {
        for (var side = MinSide; side <= MaxSide; side += SideStep)
            yield return side;
    }
}
