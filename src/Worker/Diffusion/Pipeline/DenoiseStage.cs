using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Text;
using DreamBot.Worker.Diffusion.Components;
using System.Diagnostics;
using System.Numerics.Tensors;
using DreamBot.Worker.Diffusion.Schedulers;
using DreamBot.Worker.Imaging;

namespace DreamBot.Worker.Diffusion.Pipeline;

/// <summary>
/// The stage that holds the device: one denoising loop over every image of the prepared requests (one request, or a
/// batch whose prompts have one chunk count), then the VAE and the safety checker. The UNet sees
/// [unconditional images | conditional images], each half in request order.
/// </summary>
internal sealed class DenoiseStage(StableDiffusionModel model, StartingLatents start)
{
    private const int PreviewUpscale = 4;

    public Rendered[] Run(PreparedPrompts prepared, CancellationToken cancellationToken)
    {
        var (requests, prompts, embeddings, timings) = (prepared.Requests, prepared.Chunks, prepared.Embeddings, prepared.Timings);
        var first = requests[0];
        var images = requests.Sum(r => r.Count);
        var shape = new LatentShape(images, model.LatentChannels, first.Height / model.VaeScaleFactor, first.Width / model.VaeScaleFactor);
        using var canvas = start.LoadCanvas(first);
        using var initImage = canvas is null ? start.LoadInitImage(first) : null;
        var clock = Stopwatch.GetTimestamp();

        var schedulers = requests.SelectMany(start.CreateSchedulers).ToArray();
        var noise = requests.SelectMany(r => StartingLatents.SeedNoise(r.Seed, r.Count)).ToArray();
        var startIndex = (first.Steps - first.DenoisingSteps) * schedulers[0].Order;
        // diffusers' inpaint pipeline starts from pure noise at full strength (is_strength_max), whatever the image.
        var startImage = canvas is not null
            ? first.InitImage is null || first.Parameters.Strength is null or 1 ? null : canvas.Signed()
            : initImage is null ? null : PixelConversion.ToSignedPlanar(initImage);
        var latents = startImage is null
            ? StartingLatents.Noise(shape, schedulers, noise)
            : start.Encoded(startImage, shape, schedulers, noise, startIndex);
        var conditioning = canvas is null ? null : InpaintConditioning.Build(model, canvas, shape.Height, shape.Width);
        timings.PrepareLatents = Laps.Lap(ref clock);

        var stepsRun = Denoise(requests, embeddings, shape, latents, conditioning, schedulers, noise, startIndex, timings, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        var rendered = new Rendered[requests.Length];
        var offset = 0;
        for (var r = 0; r < requests.Length; r++)
        {
            var request = requests[r];
            clock = Stopwatch.GetTimestamp();
            var pixels = Decode(latents.AsSpan(offset * shape.PerImage, request.Count * shape.PerImage), shape with { Count = request.Count }, request, canvas);
            offset += request.Count;
            timings.VaeDecode += Laps.Lap(ref clock);
            var flags = CheckSafety(pixels, request);
            timings.SafetyCheck += Laps.Lap(ref clock);
            rendered[r] = new Rendered(request, pixels, flags, stepsRun, timings, prompts[r].Prompt.DroppedText);
        }
        return rendered;
    }

    private int Denoise(PipelineRequest[] requests, TextEmbeddings embeddings, LatentShape shape, float[] latents, float[]? conditioning,
        IScheduler[] schedulers, INoiseSource[] noise, int startIndex, GenerationTimings timings, CancellationToken cancellationToken)
    {
        var guided = PrepareStage.Guided(model, requests[0]);
        var batch = guided ? 2 * shape.Count : shape.Count;
        var guidance = requests.SelectMany(r => Enumerable.Repeat(r.Guidance, r.Count)).ToArray();
        using var unet = model.UNet.Bind(embeddings, batch, shape.Height, shape.Width, guided ? [.. guidance, .. guidance] : guidance);
        if (conditioning is not null)
            unet.SetConditioning(conditioning);
        var loop = new DenoisingLoop(unet, schedulers, noise, guided ? guidance : null, timings);
        return loop.Run(latents, startIndex, Progress(requests, latents, shape), cancellationToken);
    }

    /// <summary>Each request's callback, with a preview of its own first image.</summary>
    private static Action<int, int, TimeSpan>? Progress(PipelineRequest[] requests, float[] latents, LatentShape shape)
    {
        if (requests.All(r => r.Progress is null))
            return null;
        return (step, total, elapsed) =>
        {
            var offset = 0;
            foreach (var request in requests)
            {
                var first = offset;
                request.Progress?.Invoke(new GenerationProgress(step, total, elapsed,
                    () => LatentPreview.RenderPng(latents.AsSpan(first * shape.PerImage, shape.PerImage), shape.Channels, shape.Height, shape.Width, PreviewUpscale)));
                offset += request.Count;
            }
        };
    }

    /// <summary>
    /// One VAE call per image, as diffusers does (batched float16 decoding misbehaves). An inpainting canvas's kept
    /// pixels are pasted back over the decoded ones: the VAE's round trip would otherwise shift them slightly.
    /// </summary>
    private List<DecodedImage> Decode(ReadOnlySpan<float> latents, LatentShape shape, PipelineRequest request, InpaintCanvas? canvas)
    {
        var scaled = new float[shape.PerImage];
        var planes = new float[3 * request.Width * request.Height];
        var images = new List<DecodedImage>(shape.Count);
        for (var i = 0; i < shape.Count; i++)
        {
            TensorPrimitives.Multiply(latents.Slice(i * shape.PerImage, shape.PerImage), (float)(1 / model.Folder.ScalingFactor), scaled);
            model.VaeDecoder.Decode(scaled, [1, shape.Channels, shape.Height, shape.Width], planes);
            canvas?.PasteKept(planes);
            var unit = model.SafetyChecker is null ? null : PixelConversion.ToUnitInterleaved(planes, request.Width, request.Height);
            images.Add(new DecodedImage(PixelConversion.FromSignedPlanar(planes, request.Width, request.Height), unit));
        }
        return images;
    }

    private bool[]? CheckSafety(List<DecodedImage> images, PipelineRequest request)
    {
        if (model.SafetyChecker is not { } checker)
            return null;
        return images.Select(image => checker.IsFlagged(
            ClipImageProcessor.Preprocess(image.Image), image.UnitPixels, request.Height, request.Width)).ToArray();
    }
}
