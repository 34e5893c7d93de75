namespace DreamBot.Worker.Diffusion.Schedulers;

/// <summary>Turns a model output into the predicted clean sample and noise, in the alphas_cumprod parameterisation.</summary>
internal static class AlphaPrediction
{
    public static (double Original, double Noise) Split(double sample, double output, double alphaCumprod, SchedulerConfig config)
    {
        var sqrtAlpha = Math.Sqrt(alphaCumprod);
        var sqrtBeta = Math.Sqrt(1 - alphaCumprod);
        double original, noise;
        if (config.IsVPrediction)
        {
            original = sqrtAlpha * sample - sqrtBeta * output;
            noise = sqrtAlpha * output + sqrtBeta * sample;
        }
        else
        {
            original = (sample - sqrtBeta * output) / sqrtAlpha;
            noise = output;
        }
        if (config.ClipSample)
            original = Math.Clamp(original, -config.ClipSampleRange, config.ClipSampleRange);
        return (original, noise);
    }

    /// <summary>diffusers' <c>add_noise</c> for DDIM, PNDM, DDPM and LCM: sqrt(ac)·x + sqrt(1−ac)·noise.</summary>
    public static void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, double alphaCumprod, Span<float> result)
    {
        CheckLengths(original.Length, noise.Length, result.Length);
        var sqrtAlpha = Math.Sqrt(alphaCumprod);
        var sqrtBeta = Math.Sqrt(1 - alphaCumprod);
        for (var k = 0; k < result.Length; k++)
            result[k] = (float)(sqrtAlpha * original[k] + sqrtBeta * noise[k]);
    }

    public static void CheckLengths(int a, int b, int c)
    {
        if (a != b || a != c)
            throw new ArgumentException($"Tensor lengths differ: {a}, {b}, {c}.");
    }

    public static void CheckStepIndex(int stepIndex, int count)
    {
        if ((uint)stepIndex >= (uint)count)
            throw new ArgumentOutOfRangeException(nameof(stepIndex), stepIndex, $"The schedule has {count} timesteps.");
    }
}
