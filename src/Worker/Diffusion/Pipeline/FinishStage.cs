using DreamBot.Worker.Diffusion.Loading;
using System.Diagnostics;
using DreamBot.Worker.Imaging;

namespace DreamBot.Worker.Diffusion.Pipeline;

/// <summary>
/// The last stage, after the device is handed on, so the next request denoises while this one's images are encoded:
/// each image as a PNG that carries the parameters reproducing it alone (its own seed, count 1).
/// </summary>
internal sealed class FinishStage(StableDiffusionModel model)
{
    public GenerationResult Finish(Rendered rendered)
    {
        try
        {
            var clock = Stopwatch.GetTimestamp();
            var pngs = EncodePngs(rendered.Pixels, rendered.Flags, rendered.Request, rendered.Request.Seed);
            lock (rendered.Timings)
                rendered.Timings.PngEncode += Laps.Lap(ref clock);
            return new GenerationResult(pngs, rendered.Request.Seed, rendered.StepsRun, rendered.Timings) { DroppedPromptText = rendered.DroppedText };
        }
        finally
        {
            foreach (var p in rendered.Pixels)
                p.Image.Dispose();
        }
    }

    private List<GeneratedImage> EncodePngs(List<DecodedImage> pixels, bool[]? flags, PipelineRequest request, long seed) =>
        pixels.Select((p, i) =>
        {
            var imageSeed = PcgNoiseSource.SeedFor(seed, i);
            var parameters = GenerationParametersText.Format(request.Parameters, imageSeed, model.Name);
            return new GeneratedImage(PngEncoding.Encode(p.Image, parameters), imageSeed, flags?[i]);
        }).ToList();
}
