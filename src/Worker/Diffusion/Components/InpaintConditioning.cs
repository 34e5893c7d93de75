using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Diffusion.Pipeline;
using System.Numerics.Tensors;

namespace DreamBot.Worker.Diffusion.Components;

/// <summary>
/// The channels an inpainting UNet takes after the latents, as diffusers' prepare_mask_latents makes them and its
/// denoising loop concatenates them (<c>torch.cat([latents, mask, masked_image_latents], dim=1)</c>): the mask at latent
/// size, then the masked image's latents times the VAE's scaling factor. The encoder gives its distribution's mean, as
/// for image-to-image, so the result does not depend on the encoder's sampling.
/// </summary>
internal static class InpaintConditioning
{
    /// <summary>[1 + C, h, w] for one image; every sample of the batch (both guidance branches) gets the same.</summary>
    public static float[] Build(StableDiffusionModel model, InpaintCanvas canvas, int latentHeight, int latentWidth)
    {
        var encoder = model.VaeEncoder ?? throw new InvalidOperationException($"The model {model.Name} has no VAE encoder for the masked image.");
        var plane = latentHeight * latentWidth;
        var conditioning = new float[plane * (1 + model.LatentChannels)];
        canvas.LatentMask(latentHeight, latentWidth).CopyTo(conditioning, 0);
        var maskedLatents = conditioning.AsSpan(plane);
        encoder.Encode(canvas.MaskedImage(), [1, 3, canvas.Height, canvas.Width], maskedLatents);
        TensorPrimitives.Multiply(maskedLatents, (float)model.Folder.ScalingFactor, maskedLatents);
        return conditioning;
    }
}
