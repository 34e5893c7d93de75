using System.Numerics.Tensors;
namespace DreamBot.Worker.Diffusion.Schedulers;

/// <summary>diffusers' EulerDiscreteScheduler with s_churn = 0 (no noise), with Karras sigmas when named so or when the config asks.</summary>
public sealed class EulerScheduler : ISigmaScheduler
{
    private readonly KarrasDiscreteSchedule _schedule;

    public EulerScheduler(SchedulerConfig config, int inferenceSteps, bool karrasSigmas = false)
    {
        SchedulerFactory.CheckSteps(inferenceSteps, config);
        // As in diffusers, the model's config may ask for Karras sigmas as well as the sampler's name.
        _schedule = new KarrasDiscreteSchedule(config, inferenceSteps, karrasSigmas || config.UseKarrasSigmas, ZeroSnrRescaling.FiniteFirstSigma);
    }

    public IReadOnlyList<double> Timesteps => _schedule.Timesteps;

    public IReadOnlyList<double> Sigmas => _schedule.Sigmas;

    public double InitNoiseSigma => _schedule.InitNoiseSigma;

    public int Order => 1;

    public double ModelInputScale(int stepIndex) => _schedule.InputScale(stepIndex);

    public void Step(int stepIndex, ReadOnlySpan<float> modelOutput, Span<float> latents, INoiseSource noise)
    {
        AlphaPrediction.CheckStepIndex(stepIndex, _schedule.Timesteps.Length);
        AlphaPrediction.CheckLengths(modelOutput.Length, latents.Length, latents.Length);
        var sigma = _schedule.Sigmas[stepIndex];
        var dt = _schedule.Sigmas[stepIndex + 1] - sigma;
        if (!_schedule.Training.Config.IsVPrediction)
        {
            // With epsilon prediction the derivative (x - x0) / sigma is the model output itself; diffusers steps in float32 too.
            TensorPrimitives.MultiplyAdd(modelOutput, (float)dt, latents, latents);
            return;
        }
        for (var k = 0; k < latents.Length; k++)
        {
            double sample = latents[k];
            var derivative = (sample - _schedule.PredictOriginal(sample, modelOutput[k], sigma)) / sigma;
            latents[k] = (float)(sample + derivative * dt);
        }
    }

    public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> result) =>
        _schedule.AddNoise(original, noise, stepIndex, result);
}
