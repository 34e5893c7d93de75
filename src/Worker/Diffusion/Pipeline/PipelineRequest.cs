using DreamBot.Shared.Domain;

namespace DreamBot.Worker.Diffusion.Pipeline;

/// <summary>The parameters, checked against the hard limits, with the init image's and the mask's bytes.</summary>
internal sealed record PipelineRequest
{
    public PipelineRequest(DreamParameters parameters, byte[]? initImageBytes, byte[]? maskBytes, Action<GenerationProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var problems = DreamRules.Problems(parameters, DreamLimits.Hard);
        if (problems.Count > 0)
            throw new ArgumentException(string.Join(" ", problems));
        if (parameters.IsImageToImage != initImageBytes is not null)
            throw new ArgumentException(initImageBytes is null ? "The init image is missing." : "An init image needs an image-to-image request.");
        if ((parameters.Mask is not null) != maskBytes is not null)
            throw new ArgumentException(maskBytes is null ? "The mask is missing." : "A mask needs a request with a mask.");
        Parameters = parameters;
        InitImage = initImageBytes;
        Mask = maskBytes;
        Progress = progress;
    }

    public DreamParameters Parameters { get; }
    public byte[]? InitImage { get; }
    public byte[]? Mask { get; }
    public Action<GenerationProgress>? Progress { get; }
    public string Prompt => Parameters.Prompt;
    public string NegativePrompt => Parameters.NegativePrompt;
    public long Seed => Parameters.Seed;
    public int Steps => Parameters.Steps;
    public int DenoisingSteps => Parameters.DenoisingSteps;
    public double Guidance => Parameters.Guidance;
    public string Sampler => Parameters.Sampler;
    public int Width => Parameters.Width;
    public int Height => Parameters.Height;
    public int Count => Parameters.Count;
}
