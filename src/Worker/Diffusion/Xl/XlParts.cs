using DreamBot.Worker.Diffusion.Loading;
using System.Text.Json;

namespace DreamBot.Worker.Diffusion.Xl;

/// <summary>What makes a model folder an SDXL pipeline: its model_index class and the second encoder's files.</summary>
internal static class XlParts
{
    /// <summary>SDXL's VAE scaling_factor, for a folder whose VAE has no config to state it.</summary>
    public const double VaeScalingFactor = 0.13025;

    // diffusers' classes and Optimum's ORT ones; the img2img classes use the same parts.
    private static readonly string[] PipelineClasses =
    [
        "StableDiffusionXLPipeline", "StableDiffusionXLImg2ImgPipeline", "ORTStableDiffusionXLPipeline", "ORTStableDiffusionXLImg2ImgPipeline",
    ];

    public static bool IsXlPipeline(JsonElement modelIndex) =>
        modelIndex.TryGetProperty("_class_name", out var name) && name.ValueKind == JsonValueKind.String
        && PipelineClasses.Contains(name.GetString(), StringComparer.Ordinal);

    /// <summary>The files an SDXL folder needs beyond a Stable Diffusion 1.x one.</summary>
    public static string[] Required(ModelFolder folder) => [folder.TextEncoder2, folder.Vocab2, folder.Merges2];
}
