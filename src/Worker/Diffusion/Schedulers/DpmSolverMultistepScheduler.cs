namespace DreamBot.Worker.Diffusion.Schedulers;

/// <summary>
/// diffusers' DPMSolverMultistepScheduler as DPM++ 2M: algorithm dpmsolver++, solver order 2, midpoint, final sigma 0
/// (so the first and the last step are first order), on Karras sigmas with integer-rounded timesteps when named so or when the config asks.
/// </summary>
public sealed class DpmSolverMultistepScheduler : ISigmaScheduler
{
    private readonly TrainingSchedule _training;
    private readonly double[] _sigmas;
    private float[] _previousDenoised = [];
    private float[] _denoised = [];
    private int _lowerOrderSteps;

    public DpmSolverMultistepScheduler(SchedulerConfig config, int inferenceSteps, bool karrasSigmas = false)
    {
        SchedulerFactory.CheckSteps(inferenceSteps, config);
        _training = new TrainingSchedule(config, ZeroSnrRescaling.FiniteFirstSigma);
        var timesteps = TimestepSpacing.DpmSolver(config, inferenceSteps).Select(t => (double)t).ToArray();
        double[] sigmas;
        if (karrasSigmas || config.UseKarrasSigmas)
        {
            sigmas = TrainingSchedule.KarrasSigmas(_training.Sigmas[0], _training.Sigmas[^1], inferenceSteps);
            // Rounded half to even, as numpy does; this is what makes n >= 45 repeat timesteps.
            timesteps = sigmas.Select(s => Math.Round(_training.SigmaToTimestep(s))).ToArray();
        }
        else
        {
            sigmas = timesteps.Select(_training.InterpolateSigma).ToArray();
        }
        Timesteps = timesteps;
        _sigmas = sigmas.Select(s => (double)(float)s).Append(0.0).ToArray();
    }

    public IReadOnlyList<double> Timesteps { get; }

    public IReadOnlyList<double> Sigmas => _sigmas;

    public double InitNoiseSigma => 1.0;

    public int Order => 1;

    public double ModelInputScale(int stepIndex) => 1.0;

    public void Step(int stepIndex, ReadOnlySpan<float> modelOutput, Span<float> latents, INoiseSource noise)
    {
        AlphaPrediction.CheckStepIndex(stepIndex, Timesteps.Count);
        AlphaPrediction.CheckLengths(modelOutput.Length, latents.Length, latents.Length);
        if (_denoised.Length != latents.Length)
        {
            _denoised = new float[latents.Length];
            _previousDenoised = new float[latents.Length];
        }
        (_previousDenoised, _denoised) = (_denoised, _previousDenoised);

        var (alphaS0, sigmaS0) = AlphaSigma(_sigmas[stepIndex]);
        for (var k = 0; k < latents.Length; k++)
        {
            _denoised[k] = (float)(_training.Config.IsVPrediction
                ? alphaS0 * latents[k] - sigmaS0 * modelOutput[k]
                : (latents[k] - sigmaS0 * modelOutput[k]) / alphaS0);
        }

        var (alphaT, sigmaT) = AlphaSigma(_sigmas[stepIndex + 1]);
        var lambdaT = Math.Log(alphaT) - Math.Log(sigmaT);
        var lambdaS0 = Math.Log(alphaS0) - Math.Log(sigmaS0);
        var h = lambdaT - lambdaS0;
        var sampleFactor = sigmaT / sigmaS0;
        var denoisedFactor = -alphaT * (Math.Exp(-h) - 1.0);
        var lastStep = stepIndex == Timesteps.Count - 1;
        if (_lowerOrderSteps < 1 || lastStep)
        {
            for (var k = 0; k < latents.Length; k++)
                latents[k] = (float)(sampleFactor * latents[k] + denoisedFactor * _denoised[k]);
        }
        else
        {
            var (alphaS1, sigmaS1) = AlphaSigma(_sigmas[stepIndex - 1]);
            var lambdaS1 = Math.Log(alphaS1) - Math.Log(sigmaS1);
            var r0 = (lambdaS0 - lambdaS1) / h;
            for (var k = 0; k < latents.Length; k++)
            {
                var d1 = (1.0 / r0) * ((double)_denoised[k] - _previousDenoised[k]);
                latents[k] = (float)(sampleFactor * latents[k] + denoisedFactor * _denoised[k] + 0.5 * denoisedFactor * d1);
            }
        }
        _lowerOrderSteps = Math.Min(_lowerOrderSteps + 1, 2);
    }

    /// <summary>DPM add_noise: alpha_t·x + sigma_t·noise in the VP form of this step's sigma.</summary>
    public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> result)
    {
        AlphaPrediction.CheckStepIndex(stepIndex, Timesteps.Count);
        AlphaPrediction.CheckLengths(original.Length, noise.Length, result.Length);
        var (alpha, sigma) = AlphaSigma(_sigmas[stepIndex]);
        for (var k = 0; k < result.Length; k++)
            result[k] = (float)(alpha * original[k] + sigma * noise[k]);
    }

    private static (double Alpha, double Sigma) AlphaSigma(double sigma)
    {
        var alpha = 1.0 / Math.Sqrt(sigma * sigma + 1);
        return (alpha, sigma * alpha);
    }
}
