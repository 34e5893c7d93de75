namespace DreamBot.Worker.Diffusion.Schedulers;

/// <summary>
/// diffusers' LCMScheduler (original_inference_steps 50, timestep_scaling 10): its own schedule regardless of spacing,
/// a consistency-model boundary condition, and fresh noise on every step but the last.
/// </summary>
public sealed class LcmScheduler : IScheduler
{
    internal const int OriginalInferenceSteps = 50;
    internal const double TimestepScaling = 10.0;
    private const double SigmaData = 0.5;
    private readonly TrainingSchedule _schedule;
    private readonly int[] _timesteps;
    private float[] _noise = [];

    public LcmScheduler(SchedulerConfig config, int inferenceSteps)
    {
        SchedulerFactory.CheckSteps(inferenceSteps, config);
        if (inferenceSteps > OriginalInferenceSteps)
            throw new ArgumentOutOfRangeException(nameof(inferenceSteps), inferenceSteps,
                $"LCM supports at most {OriginalInferenceSteps} inference steps (its original_inference_steps).");
        _schedule = new TrainingSchedule(config, ZeroSnrRescaling.Exact);
        var k = config.NumTrainTimesteps / OriginalInferenceSteps;
        var origin = Enumerable.Range(1, OriginalInferenceSteps).Select(i => i * k - 1).Reverse().ToArray();
        _timesteps = TimestepSpacing.Arange(0, origin.Length, origin.Length / (double)inferenceSteps)
            .Take(inferenceSteps).Select(index => origin[(int)Math.Floor(index)]).ToArray();
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
        var last = stepIndex == _timesteps.Length - 1;
        var previous = last ? t : _timesteps[stepIndex + 1];
        var alpha = (double)_schedule.AlphasCumprod[t];
        var alphaPrev = _schedule.AlphaCumprodOrFinal(previous);
        var scaled = t * TimestepScaling;
        // diffusers computes the boundary-condition scalings as float32 tensors.
        var cSkip = (double)(float)(SigmaData * SigmaData / (scaled * scaled + SigmaData * SigmaData));
        var cOut = (double)(float)(scaled / Math.Sqrt(scaled * scaled + SigmaData * SigmaData));
        if (!last)
        {
            if (_noise.Length != latents.Length)
                _noise = new float[latents.Length];
            noise.NextGaussian(_noise);
        }
        var sqrtAlphaPrev = Math.Sqrt(alphaPrev);
        var sqrtBetaPrev = Math.Sqrt(1 - alphaPrev);
        for (var k = 0; k < latents.Length; k++)
        {
            var (original, _) = AlphaPrediction.Split(latents[k], modelOutput[k], alpha, _schedule.Config);
            var denoised = cOut * original + cSkip * latents[k];
            latents[k] = (float)(last ? denoised : sqrtAlphaPrev * denoised + sqrtBetaPrev * _noise[k]);
        }
    }

    public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> result)
    {
        AlphaPrediction.CheckStepIndex(stepIndex, _timesteps.Length);
        AlphaPrediction.AddNoise(original, noise, _schedule.AlphasCumprod[_timesteps[stepIndex]], result);
    }
}
