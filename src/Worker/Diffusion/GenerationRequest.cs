namespace DreamBot.Worker.Diffusion;

/// <summary>What to generate. A null <see cref="Seed"/> picks one at random (and reports it).</summary>
public sealed record GenerationRequest(string Prompt)
{
    public const int MinSide = 256;
    public const int MaxSide = 1024;
    public const int SideMultiple = 64;
    public const int MaxCount = 4;
    public const int MaxSteps = 150;
    public const double MaxGuidance = 30;

    public string NegativePrompt { get; init; } = "";
    public int Steps { get; init; } = 20;
    public double Guidance { get; init; } = 7.5;
    public string Sampler { get; init; } = "pndm";
    public long? Seed { get; init; }
    public int Width { get; init; } = 512;
    public int Height { get; init; } = 512;
    public int Count { get; init; } = 1;

    /// <summary>Image-to-image: the encoded (untrusted) init image; null for text-to-image.</summary>
    public byte[]? InitImage { get; init; }

    /// <summary>Image-to-image: how much of the schedule to re-run, in (0, 1].</summary>
    public double Strength { get; init; } = 0.8;

    /// <summary>Throws <see cref="ArgumentException"/> with a user-readable reason for a request outside the limits.</summary>
    public void Validate()
    {
        Require(Prompt is not null, "the prompt is missing");
        Require(NegativePrompt is not null, "the negative prompt is null");
        Require(Steps is >= 1 and <= MaxSteps, $"steps must be 1 to {MaxSteps}");
        Require(Guidance is >= 0 and <= MaxGuidance, $"guidance must be 0 to {MaxGuidance}");
        Require(IsSide(Width) && IsSide(Height), $"width and height must be multiples of {SideMultiple} from {MinSide} to {MaxSide}");
        Require(Count is >= 1 and <= MaxCount, $"count must be 1 to {MaxCount}");
        Require(Sampler is not null && Schedulers.SchedulerFactory.IsKnown(Sampler),
            $"unknown sampler '{Sampler}' (known: {string.Join(", ", Schedulers.SchedulerFactory.Samplers)})");
        if (InitImage is not null)
        {
            Require(Strength is > 0 and <= 1, "strength must be above 0 and at most 1");
            Require((int)(Steps * Strength) >= 1, "steps x strength must be at least 1");
        }
    }

    /// <summary>diffusers' img2img: init_timestep = min(int(steps * strength), steps); t_start = max(steps - init_timestep, 0).</summary>
    public int SkippedSteps => InitImage is null ? 0 : Math.Max(Steps - Math.Min((int)(Steps * Strength), Steps), 0);

    private static bool IsSide(int side) => side is >= MinSide and <= MaxSide && side % SideMultiple == 0;

    private static void Require(bool condition, string reason)
    {
        if (!condition)
            throw new ArgumentException(reason);
    }
}
