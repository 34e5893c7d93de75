namespace DreamBot.Shared.Domain;

/// <summary>
/// The one home of DreamBot's defaults and limits. The constants are the defaults every entry point applies (/dream,
/// /preferences, the command line, the pipeline) and the hard limits nothing may exceed; an instance is the caps in
/// force somewhere: <see cref="Standard"/> where a server has set nothing, or a server's overrides within
/// <see cref="Hard"/>.
/// </summary>
public sealed record DreamLimits(int MaxSide, int MaxSteps, int MaxCount, int MaxWaitingPerUser, IReadOnlyList<string> AllowedSamplers)
{
    // Defaults: Stable Diffusion 1.x at its native size, with the sampler the model was made for.
    public const int DefaultSteps = 30;
    public const double DefaultGuidance = 7.5;
    public const string DefaultSampler = Samplers.ModelsOwn;
    public const int DefaultSide = 512;
    public const int DefaultCount = 1;
    public const double DefaultStrength = 0.75;

    public const int MaxPromptLength = 1000;
    public const int MinSide = 256;
    public const int SideStep = 64;
    public const double MaxGuidance = 30;

    /// <summary>Discord integers are limited to ±2^53; seeds are kept to 32 bits so every seed can be typed back in.</summary>
    public const long MaxSeed = uint.MaxValue;

    /// <summary>The largest side an upscale may produce: ×4 of the hard cap on diffusion sides.</summary>
    public const int MaxUpscaledSide = 4096;

    /// <summary>The scales an upscaler may have.</summary>
    public static IReadOnlyList<int> UpscaleScales { get; } = [2, 4];

    public const long MaxInitImageBytes = 8 * 1024 * 1024;

    public static IReadOnlyList<string> ImageContentTypes { get; } = ["image/png", "image/jpeg", "image/webp"];

    /// <summary>What no server may exceed, and what the pipeline accepts.</summary>
    public static DreamLimits Hard { get; } = new(MaxSide: 1024, MaxSteps: 150, MaxCount: 4, MaxWaitingPerUser: 20, Samplers.All);

    /// <summary>The caps of a server that has set none.</summary>
    public static DreamLimits Standard { get; } = new(MaxSide: 768, MaxSteps: 50, MaxCount: 4, MaxWaitingPerUser: 2, Samplers.All);

    public long MaxPixels => (long)MaxSide * MaxSide;

    /// <summary>
    /// <see cref="Standard"/> with a server's overrides, each kept within <see cref="Hard"/>; an empty sampler list
    /// allows every sampler.
    /// </summary>
    public static DreamLimits WithOverrides(int? maxSide, int? maxSteps, int? maxCount, int? maxWaitingPerUser, IReadOnlyCollection<string> samplers) => new(
        MaxSide: Math.Clamp(maxSide ?? Standard.MaxSide, MinSide, Hard.MaxSide),
        MaxSteps: Math.Clamp(maxSteps ?? Standard.MaxSteps, 1, Hard.MaxSteps),
        MaxCount: Math.Clamp(maxCount ?? Standard.MaxCount, 1, Hard.MaxCount),
        MaxWaitingPerUser: Math.Clamp(maxWaitingPerUser ?? Standard.MaxWaitingPerUser, 1, Hard.MaxWaitingPerUser),
        AllowedSamplers: samplers is null || samplers.Count == 0 ? Samplers.All : [.. Samplers.All.Where(samplers.Contains)]);

    /// <summary>The side lengths offered as choices: 256, 320, ... 1024 (13 values; Discord allows 25).</summary>
    public static IEnumerable<int> Sides()
    {
        for (var side = MinSide; side <= Hard.MaxSide; side += SideStep)
            yield return side;
    }

    public static bool IsSide(int side) => side >= MinSide && side <= Hard.MaxSide && side % SideStep == 0;
}
