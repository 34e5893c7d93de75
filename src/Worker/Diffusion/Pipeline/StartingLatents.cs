using DreamBot.Worker.Diffusion.Loading;
using System.Numerics.Tensors;
using DreamBot.Worker.Diffusion.Schedulers;
using DreamBot.Worker.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DreamBot.Worker.Diffusion.Pipeline;

/// <summary>Where a loop starts: per-image schedulers and noise, pure noise or an encoded image, an inpainting canvas.</summary>
internal sealed class StartingLatents(StableDiffusionModel model, ImageLimits imageLimits)
{
    /// <summary>One scheduler per image: multistep history and ancestral noise stay per image.</summary>
    public IScheduler[] CreateSchedulers(PipelineRequest request) =>
        Enumerable.Range(0, request.Count).Select(_ => SchedulerFactory.Create(request.Sampler, model.SchedulerConfig, request.Steps)).ToArray();

    public static INoiseSource[] SeedNoise(long seed, int count) =>
        Enumerable.Range(0, count).Select(i => (INoiseSource)new PcgNoiseSource(PcgNoiseSource.SeedFor(seed, i))).ToArray();

    public Image<Rgb24>? LoadInitImage(PipelineRequest request)
    {
        if (request.InitImage is null)
            return null;
        if (model.VaeEncoder is null)
            throw new NotSupportedException($"The model {model.Name} has no VAE encoder, so it cannot start from an image.");
        var image = UntrustedImageDecoder.Decode(request.InitImage, imageLimits);
        ImageFitting.CoverAndCrop(image, request.Width, request.Height);
        return image;
    }

    /// <summary>An inpainting model's canvas and mask (every request to one has them); null for any other model.</summary>
    public InpaintCanvas? LoadCanvas(PipelineRequest request)
    {
        if (!model.UNet.IsInpainting)
        {
            if (request.Parameters.IsInpaint)
                throw new ArgumentException($"The model {model.Name} is not an inpainting model, so it cannot repaint part of an image.");
            return null;
        }
        if (request.InitImage is null)
            return InpaintCanvas.Blank(request.Width, request.Height);
        var init = UntrustedImageDecoder.Decode(request.InitImage, imageLimits);
        try
        {
            using var mask = request.Mask is null ? null : UntrustedImageDecoder.Decode(request.Mask, imageLimits);
            return InpaintCanvas.Create(init, mask, request.Parameters.Placement, request.Width, request.Height);
        }
        catch
        {
            init.Dispose();
            throw;
        }
    }

    public static float[] Noise(LatentShape shape, IScheduler[] schedulers, INoiseSource[] noise)
    {
        var latents = new float[shape.Total];
        for (var i = 0; i < shape.Count; i++)
        {
            var image = latents.AsSpan(i * shape.PerImage, shape.PerImage);
            noise[i].NextGaussian(image);
            TensorPrimitives.Multiply(image, (float)schedulers[i].InitNoiseSigma, image);
        }
        return latents;
    }

    /// <summary>img2img: encode an image [3, H, W] in [-1, 1], scale by the VAE factor, and noise each copy to the start timestep.</summary>
    public float[] Encoded(float[] image, LatentShape shape, IScheduler[] schedulers, INoiseSource[] noise, int startIndex)
    {
        var clean = new float[shape.PerImage];
        model.VaeEncoder!.Encode(image, [1, 3, shape.Height * model.VaeScaleFactor, shape.Width * model.VaeScaleFactor], clean);
        TensorPrimitives.Multiply(clean, (float)model.Folder.ScalingFactor, clean);
        var latents = new float[shape.Total];
        var fresh = new float[shape.PerImage];
        for (var i = 0; i < shape.Count; i++)
        {
            noise[i].NextGaussian(fresh);
            schedulers[i].AddNoise(clean, fresh, startIndex, latents.AsSpan(i * shape.PerImage, shape.PerImage));
        }
        return latents;
    }
}
