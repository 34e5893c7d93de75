namespace DreamBot.Worker.Diffusion.Schedulers;

/// <summary>
/// One sampling run of a diffusers scheduler, created for a fixed number of inference steps.
/// Instances are stateful (multistep history) and used for exactly one generation.
/// </summary>
public interface IScheduler
{
    /// <summary>The timesteps given to the UNet, in loop order (PNDM repeats one: n+1 entries). Fractional for Euler/LMS.</summary>
    IReadOnlyList<double> Timesteps { get; }

    /// <summary>The factor the initial unit-normal noise is multiplied by.</summary>
    double InitNoiseSigma { get; }

    /// <summary>How many timesteps one inference step consumes (diffusers' <c>scheduler.order</c>).</summary>
    int Order { get; }

    /// <summary>The factor with which <c>scale_model_input(latents, Timesteps[stepIndex])</c> equals latents * factor.</summary>
    double ModelInputScale(int stepIndex);

    /// <summary>
    /// Advances <paramref name="latents"/> in place with the model output of loop iteration <paramref name="stepIndex"/>.
    /// Calls come once per index in increasing order, starting at 0 or, for image-to-image, at a later index.
    /// </summary>
    void Step(int stepIndex, ReadOnlySpan<float> modelOutput, Span<float> latents, INoiseSource noise);

    /// <summary>Image-to-image: noises clean latents to the level of <c>Timesteps[stepIndex]</c> (diffusers' add_noise).</summary>
    void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> result);
}
