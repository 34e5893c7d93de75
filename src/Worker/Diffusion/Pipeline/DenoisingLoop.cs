using DreamBot.Worker.Diffusion.Components;
using System.Diagnostics;
using System.Numerics.Tensors;
using DreamBot.Worker.Diffusion.Schedulers;

namespace DreamBot.Worker.Diffusion.Pipeline;

/// <summary>
/// The hot loop: scale, UNet, guidance, scheduler step, once per timestep. Every buffer is allocated before the loop,
/// so a step allocates nothing but its progress report. Each image has its own scheduler and noise source, which is
/// what lets "seed + i, count 1" reproduce image i of a batch even with ancestral samplers.
/// </summary>
/// <remarks>
/// With classifier-free guidance every image has its own scale (<paramref name="guidance"/>, one per image), so a batch
/// of requests guides each image as it would be guided alone; null runs no guidance.
/// </remarks>
internal sealed class DenoisingLoop(UNetBinding unet, IScheduler[] schedulers, INoiseSource[] noise, double[]? guidance, GenerationTimings timings)
{
    /// <summary>
    /// Runs steps <paramref name="startIndex"/> to the end over <paramref name="latents"/>; returns how many ran.
    /// <paramref name="stepDone"/> gets (steps done, steps in all, time since the first) after every step.
    /// </summary>
    public int Run(float[] latents, int startIndex, Action<int, int, TimeSpan>? stepDone, CancellationToken cancellationToken)
    {
        var guided = guidance is not null;
        var perImage = latents.Length / schedulers.Length;
        var timesteps = schedulers[0].Timesteps;
        var total = timesteps.Count - startIndex;
        var guidedNoise = guided ? new float[latents.Length] : [];
        var sample = unet.Sample;
        var started = Stopwatch.GetTimestamp();
        for (var k = startIndex; k < timesteps.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Both guidance branches see the same latents: [uncond batch | cond batch], as diffusers concatenates them.
            var inputScale = (float)schedulers[0].ModelInputScale(k);
            if (unet.RowLength == perImage)
            {
                TensorPrimitives.Multiply(latents, inputScale, sample[..latents.Length]);
                if (guided)
                    sample[..latents.Length].CopyTo(sample[latents.Length..]);
            }
            else
            {
                // An inpainting UNet's rows go on with the mask and masked-image latents; only the latents are scaled.
                for (var row = 0; row < sample.Length / unet.RowLength; row++)
                    TensorPrimitives.Multiply(latents.AsSpan(row % schedulers.Length * perImage, perImage), inputScale, sample.Slice(row * unet.RowLength, perImage));
            }

            var prediction = unet.Predict(timesteps[k]);
            var noisePrediction = guided ? Guide(prediction, guidedNoise, perImage) : prediction;

            var stepStarted = Stopwatch.GetTimestamp();
            for (var i = 0; i < schedulers.Length; i++)
            {
                var slice = new Range(i * perImage, (i + 1) * perImage);
                schedulers[i].Step(k, noisePrediction[slice], latents.AsSpan(slice), noise[i]);
            }
            timings.Scheduler += Stopwatch.GetElapsedTime(stepStarted);
            stepDone?.Invoke(k - startIndex + 1, total, Stopwatch.GetElapsedTime(started));
        }
        timings.Denoise = Stopwatch.GetElapsedTime(started);
        timings.UNet = unet.OrtTime;
        timings.Steps = total;
        return total;
    }

    /// <summary>noise = uncond + g * (cond - uncond) with each image's own g, computed into <paramref name="destination"/>.</summary>
    private ReadOnlySpan<float> Guide(ReadOnlySpan<float> prediction, float[] destination, int perImage)
    {
        var unconditional = prediction[..destination.Length];
        var conditional = prediction[destination.Length..];
        TensorPrimitives.Subtract(conditional, unconditional, destination);
        for (var i = 0; i < guidance!.Length; i++)
        {
            var image = destination.AsSpan(i * perImage, perImage);
            TensorPrimitives.MultiplyAdd(image, (float)guidance[i], unconditional.Slice(i * perImage, perImage), image);
        }
        return destination;
    }
}
