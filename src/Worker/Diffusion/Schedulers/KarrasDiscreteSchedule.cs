namespace DreamBot.Worker.Diffusion.Schedulers;

/// <summary>
/// Timesteps and sigmas of the discrete k-diffusion schedulers (Euler, Euler ancestral, LMS): fractional float32
/// timesteps, sigmas interpolated from the training table (or Karras sigmas mapped back to timesteps), final 0.
/// </summary>
internal sealed class KarrasDiscreteSchedule
{
    public KarrasDiscreteSchedule(SchedulerConfig config, int inferenceSteps, bool karras, ZeroSnrRescaling zeroSnr)
    {
        Training = new TrainingSchedule(config, zeroSnr);
        var timesteps = TimestepSpacing.Fractional(config, inferenceSteps);
        var sigmas = timesteps.Select(t => Training.InterpolateSigma(t)).ToArray();
        if (karras)
        {
            sigmas = TrainingSchedule.KarrasSigmas(sigmas[^1], sigmas[0], inferenceSteps);
            timesteps = sigmas.Select(s => (float)Training.SigmaToTimestep(s)).ToArray();
        }
        Timesteps = timesteps.Select(t => (double)t).ToArray();
        Sigmas = sigmas.Select(s => (double)(float)s).Append(0.0).ToArray();
        var maxSigma = Sigmas.Max();
        // diffusers scales the start noise by sigma_max only for linspace/trailing spacing.
        InitNoiseSigma = (config.TimestepSpacing ?? "linspace") is "linspace" or "trailing"
            ? maxSigma
            : (float)Math.Sqrt((float)(maxSigma * maxSigma) + 1);
    }

    public TrainingSchedule Training { get; }

    public double[] Timesteps { get; }

    public double[] Sigmas { get; }

    public double InitNoiseSigma { get; }

    /// <summary>scale_model_input: x / sqrt(sigma² + 1).</summary>
    public double InputScale(int stepIndex)
    {
        AlphaPrediction.CheckStepIndex(stepIndex, Timesteps.Length);
        var sigma = Sigmas[stepIndex];
        return 1.0 / Math.Sqrt(sigma * sigma + 1);
    }

    /// <summary>The denoised (x0) prediction of the k-diffusion form, epsilon or v.</summary>
    public double PredictOriginal(double sample, double output, double sigma) =>
        Training.Config.IsVPrediction
            ? output * (-sigma / Math.Sqrt(sigma * sigma + 1)) + sample / (sigma * sigma + 1)
            : sample - sigma * output;

    /// <summary>Euler/LMS add_noise: x + noise · sigma.</summary>
    public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> result)
    {
        AlphaPrediction.CheckStepIndex(stepIndex, Timesteps.Length);
        AlphaPrediction.CheckLengths(original.Length, noise.Length, result.Length);
        var sigma = Sigmas[stepIndex];
        for (var k = 0; k < result.Length; k++)
            result[k] = (float)(original[k] + noise[k] * sigma);
    }
}
