namespace DreamBot.Worker.Diffusion.Schedulers;

/// <summary>diffusers' DDIMScheduler with eta = 0 (deterministic), leading spacing by default.</summary>
public sealed class DdimScheduler : IScheduler
{
    private readonly TrainingSchedule _schedule;
    private readonly int[] _timesteps;
    private readonly int _stride;

    public DdimScheduler(SchedulerConfig config, int inferenceSteps)
    {
        SchedulerFactory.CheckSteps(inferenceSteps, config);
        _schedule = new TrainingSchedule(config, ZeroSnrRescaling.Exact);
        _timesteps = TimestepSpacing.Integer(config, inferenceSteps, "leading");
        _stride = config.NumTrainTimesteps / inferenceSteps;
        Timesteps = _timesteps.Select(t => (double)t).ToArray();
    }

    public IReadOnlyList<double> Timesteps { get; }

    public double InitNoiseSigma => 1.0;

    public int Order => 1;

    public double ModelInputScale(int stepIndex) => 1.0;

    public void Step(int stepIndex, ReadOnlySpan<float> modelOutput, Span<float> latents, INoiseSource noise)
    {
        AlphaPrediction.CheckStepIndex(stepIndex, _timesteps.Length);
        AlphaPrediction.CheckLengths(modelOutput.Length, latents.Length, latents.Length);
        var t = _timesteps[stepIndex];
        // DDIM steps by the fixed stride, not to the next listed timestep; below 0 it uses the "final" alpha.
        var alpha = _schedule.AlphaCumprodOrFinal(t);
        var alphaPrev = _schedule.AlphaCumprodOrFinal(t - _stride);
        var sqrtAlphaPrev = Math.Sqrt(alphaPrev);
        var direction = Math.Sqrt(1 - alphaPrev);
        for (var k = 0; k < latents.Length; k++)
        {
            var (original, eps) = AlphaPrediction.Split(latents[k], modelOutput[k], alpha, _schedule.Config);
            latents[k] = (float)(sqrtAlphaPrev * original + direction * eps);
        }
    }

    public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> result)
    {
        AlphaPrediction.CheckStepIndex(stepIndex, _timesteps.Length);
        AlphaPrediction.AddNoise(original, noise, _schedule.AlphasCumprod[_timesteps[stepIndex]], result);
    }
}
