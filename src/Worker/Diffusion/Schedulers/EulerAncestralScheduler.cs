using System.Numerics.Tensors;
namespace DreamBot.Worker.Diffusion.Schedulers;

/// <summary>diffusers' EulerAncestralDiscreteScheduler: an Euler step to sigma_down plus fresh noise of sigma_up.</summary>
public sealed class EulerAncestralScheduler : ISigmaScheduler
{
    private readonly KarrasDiscreteSchedule _schedule;
    private float[] _noise = [];

    public EulerAncestralScheduler(SchedulerConfig config, int inferenceSteps)
    {
        SchedulerFactory.CheckSteps(inferenceSteps, config);
        _schedule = new KarrasDiscreteSchedule(config, inferenceSteps, karras: false, ZeroSnrRescaling.FiniteFirstSigma);
    }

    public IReadOnlyList<double> Timesteps => _schedule.Timesteps;

    public IReadOnlyList<double> Sigmas => _schedule.Sigmas;

    public double InitNoiseSigma => _schedule.InitNoiseSigma;

    public int Order => 1;

    public double ModelInputScale(int stepIndex) => _schedule.InputScale(stepIndex);

    public void Step(int stepIndex, ReadOnlySpan<float> modelOutput, Span<float> latents, INoiseSource noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        AlphaPrediction.CheckStepIndex(stepIndex, _schedule.Timesteps.Length);
        AlphaPrediction.CheckLengths(modelOutput.Length, latents.Length, latents.Length);
        var sigma = _schedule.Sigmas[stepIndex];
        var sigmaTo = _schedule.Sigmas[stepIndex + 1];
        var sigmaUp = Math.Sqrt(sigmaTo * sigmaTo * (sigma * sigma - sigmaTo * sigmaTo) / (sigma * sigma));
        var sigmaDown = Math.Sqrt(sigmaTo * sigmaTo - sigmaUp * sigmaUp);
        var dt = sigmaDown - sigma;
        // diffusers draws on every step, the last included (where sigma_up is 0), so the generator stays in step.
        if (_noise.Length != latents.Length)
            _noise = new float[latents.Length];
        noise.NextGaussian(_noise);
        if (!_schedule.Training.Config.IsVPrediction)
        {
            // Epsilon prediction: x + eps * dt + noise * sigma_up, vectorised (diffusers steps in float32 too).
            TensorPrimitives.MultiplyAdd(modelOutput, (float)dt, latents, latents);
            TensorPrimitives.MultiplyAdd(_noise, (float)sigmaUp, latents, latents);
            return;
        }
        for (var k = 0; k < latents.Length; k++)
        {
            double sample = latents[k];
            var derivative = (sample - _schedule.PredictOriginal(sample, modelOutput[k], sigma)) / sigma;
            latents[k] = (float)(sample + derivative * dt + _noise[k] * sigmaUp);
        }
    }

    public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> result) =>
        _schedule.AddNoise(original, noise, stepIndex, result);
}
