namespace DreamBot.Worker.Diffusion.Pipeline;

/// <summary>The images of one request, its batch seed, how many UNet steps ran and where the time went.</summary>
public sealed record GenerationResult(IReadOnlyList<GeneratedImage> Images, long Seed, int StepsRun, GenerationTimings Timings)
{
    /// <summary>The end of the prompt beyond the tokens the model takes (at most 4 chunks of 75), if any: worth telling the user.</summary>
    public string? DroppedPromptText { get; init; }
}
