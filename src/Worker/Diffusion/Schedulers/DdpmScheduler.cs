namespace DreamBot.Worker.Diffusion.Schedulers;

/// <summary>diffusers' DDPMScheduler with variance_type fixed_small: posterior mean plus noise whenever t > 0.</summary>
public sealed class DdpmScheduler : IScheduler
{
    private readonly TrainingSchedule _schedule;
    private readonly int[] _timesteps;
    private float[] _noise = [];

    public DdpmScheduler(SchedulerConfig config, int inferenceSteps)
    {
        SchedulerFactory.CheckSteps(inferenceSteps, config);
        _schedule = new TrainingSchedule(config, ZeroSnrRescaling.Exact);
        _timesteps = TimestepSpacing.Integer(config, inferenceSteps, "leading");
        Timesteps = _timesteps.Select(t => (double)t).ToArray();
    }

    public IReadOnlyList<double> Timesteps { get; }

    public double InitNoiseSigma => 1.0;

    public int Order => 1;

    public double ModelInputScale(int stepIndex) => 1.0;

    public void Step(int stepIndex, ReadOnlySpan<float> modelOutput, Span<float> latents, INoiseSource noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        AlphaPrediction.CheckStepIndex(stepIndex, _timesteps.Length);
        AlphaPrediction.CheckLengths(modelOutput.Length, latents.Length, latents.Length);
        var t = _timesteps[stepIndex];
        // Unlike DDIM, the previous timestep is the next listed one, and past the end alpha is exactly 1.
        var previous = stepIndex + 1 < _timesteps.Length ? _timesteps[stepIndex + 1] : -1;
        var alpha = (double)_schedule.AlphasCumprod[t];
        var alphaPrev = previous >= 0 ? _schedule.AlphasCumprod[previous] : 1.0;
        var beta = 1 - alpha;
        var betaPrev = 1 - alphaPrev;
        var currentAlpha = alpha / alphaPrev;
        var currentBeta = 1 - currentAlpha;
        var originalCoefficient = Math.Sqrt(alphaPrev) * currentBeta / beta;
        var sampleCoefficient = Math.Sqrt(currentAlpha) * betaPrev / beta;
        var stdDev = t > 0 ? Math.Sqrt(Math.Max(betaPrev / beta * currentBeta, 1e-20)) : 0.0;
        if (t > 0)
        {
            if (_noise.Length != latents.Length)
                _noise = new float[latents.Length];
            noise.NextGaussian(_noise);
        }
        for (var k = 0; k < latents.Length; k++)
        {
            var (original, _) = AlphaPrediction.Split(latents[k], modelOutput[k], alpha, _schedule.Config);
            var mean = originalCoefficient * original + sampleCoefficient * latents[k];
            latents[k] = (float)(t > 0 ? mean + stdDev * _noise[k] : mean);
        }
    }

    public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> result)
    {
        AlphaPrediction.CheckStepIndex(stepIndex, _timesteps.Length);
        AlphaPrediction.AddNoise(original, noise, _schedule.AlphasCumprod[_timesteps[stepIndex]], result);
    }
}
