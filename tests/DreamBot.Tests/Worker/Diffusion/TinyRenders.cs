using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Imaging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DreamBot.Tests.Worker.Diffusion;

/// <summary>A model folder loaded on the CPU, and one request rendered through a pipeline of its own.</summary>
internal static class TinyRenders
{
    public static StableDiffusionModel Load(string path) => StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance);

    public static async Task<GenerationResult> RenderAsync(StableDiffusionModel model, DreamParameters request)
    {
        using var pipeline = new StableDiffusionPipeline(model, ImageLimits.Default);
        return await pipeline.GenerateAsync(request, null, null, CancellationToken.None);
    }
}
