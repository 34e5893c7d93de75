namespace DreamBot.Worker.Diffusion.Schedulers;

/// <summary>Standard-normal draws for stochastic schedulers and initial latents.</summary>
public interface INoiseSource
{
    void NextGaussian(Span<float> destination);
}
