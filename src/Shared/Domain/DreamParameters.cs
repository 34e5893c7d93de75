namespace DreamBot.Shared.Domain;

/// <summary>
/// Everything that decides what a generation renders: parsed from /dream or the command line, stored on the
/// generation row, carried by the job and handed to the pipeline as it is. Image i of a request uses seed + i.
/// </summary>
public sealed record DreamParameters
{
    public required string Prompt { get; init; }
    public string NegativePrompt { get; init; } = "";
    public long Seed { get; init; }
    public int Steps { get; init; } = DreamLimits.DefaultSteps;
    public double Guidance { get; init; } = DreamLimits.DefaultGuidance;
    public string Sampler { get; init; } = DreamLimits.DefaultSampler;
    public int Width { get; init; } = DreamLimits.DefaultSide;
    public int Height { get; init; } = DreamLimits.DefaultSide;
    public int Count { get; init; } = DreamLimits.DefaultCount;

    /// <summary>Image-to-image: where the init image comes from (an attachment URL, or a file for the command line).</summary>
    public string? InitImage { get; init; }

    /// <summary>Image-to-image: how much of the schedule is re-run, in (0, 1]; null for text-to-image.</summary>
    public double? Strength { get; init; }

    /// <summary>The served model to render with; "" lets any worker use its first model.</summary>
    public string Model { get; init; } = "";

    /// <summary>Upscale: the served upscaler that enlarges the image at <see cref="InitImage"/> to Width×Height; null for diffusion.</summary>
    public string? Upscaler { get; init; }

    /// <summary>Inpainting: where the mask comes from (white = repaint), beside <see cref="InitImage"/>; null otherwise.</summary>
    public string? Mask { get; init; }

    /// <summary>Outpainting (Zoom out, Pan): where <see cref="InitImage"/> sits on the Width×Height canvas; the rest is repainted.</summary>
    public ImagePlacement? Placement { get; init; }

    public bool IsUpscale => Upscaler is not null;

    /// <summary>Upscale (creative): an upscale with a <see cref="Strength"/>, re-diffused at that strength at Width×Height after the upscaler.</summary>
    public bool IsCreativeUpscale => IsUpscale && Strength is not null;

    /// <summary>Repaints part of the init image with an inpainting model: under a mask, or around its placement on a larger canvas.</summary>
    public bool IsInpaint => IsImageToImage && (Mask is not null || Placement is not null);

    /// <summary>Starts the diffusion from the init image: image-to-image, inpainting, and the second stage of Upscale (creative).</summary>
    public bool IsImageToImage => InitImage is not null && (!IsUpscale || IsCreativeUpscale);

    /// <summary>
    /// The denoising steps that actually run: diffusers' img2img runs min(int(steps × strength), steps) of them, in
    /// double precision, as Python computes it.
    /// </summary>
    public int DenoisingSteps => Strength is { } strength && IsImageToImage ? Math.Min((int)(Steps * strength), Steps) : Steps;

    public double Cost => IsCreativeUpscale ? CostUnits.ForCreativeUpscale(Width, Height, Steps)
        : IsUpscale ? CostUnits.ForUpscale(Width, Height)
        : CostUnits.For(Width, Height, Steps, Count);

    /// <summary>
    /// Whether this request and <paramref name="other"/> can be denoised as one batch, each image still exactly what it
    /// would be alone: text-to-image on the same model, size, schedule and sampler, both with or both without guidance.
    /// Prompts, seeds and guidance scales may differ.
    /// </summary>
    public bool RendersInOneBatchWith(DreamParameters other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return InitImage is null && other.InitImage is null && !IsUpscale && !other.IsUpscale
            && Model == other.Model && Width == other.Width && Height == other.Height && Steps == other.Steps
            && Sampler == other.Sampler && Guidance > 1 == other.Guidance > 1;
    }

    /// <summary>A seed for a request that names none: 32 bits, so every seed can be typed back into /dream.</summary>
    public static long NewSeed(Random random) => (random ?? throw new ArgumentNullException(nameof(random))).NextInt64(0, DreamLimits.MaxSeed + 1);
}
