namespace DreamBot.Worker.Diffusion.Schedulers;

/// <summary>
/// The training noise schedule as diffusers builds it: betas, alphas_cumprod and k-diffusion sigmas, all in float32
/// (torch's linspace and cumprod), so the tables match the reference bit for bit or nearly so.
/// </summary>
internal sealed class TrainingSchedule
{
    public TrainingSchedule(SchedulerConfig config, ZeroSnrRescaling zeroSnr)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config.Validated();
        var rescale = config.RescaleBetasZeroSnr && zeroSnr != ZeroSnrRescaling.NotOffered;
        var betas = rescale ? RescaledToZeroTerminalSnr(Betas(config)) : Betas(config);
        AlphasCumprod = Cumprod(betas);
        if (rescale && zeroSnr == ZeroSnrRescaling.FiniteFirstSigma)
            AlphasCumprod[^1] = 1f / (1 << 24);
        Sigmas = AlphasCumprod.Select(ac => MathF.Sqrt((1f - ac) / ac)).ToArray();
        LogSigmas = Sigmas.Select(s => MathF.Log(s)).ToArray();
    }

    public SchedulerConfig Config { get; }

    public int TrainSteps => Config.NumTrainTimesteps;

    public float[] AlphasCumprod { get; }

    public float[] Sigmas { get; }

    public float[] LogSigmas { get; }

    /// <summary>alphas_cumprod[t], or the "final" value DDIM-style schedulers use below t = 0.</summary>
    public double AlphaCumprodOrFinal(int timestep) =>
        timestep >= 0 ? AlphasCumprod[timestep] : Config.SetAlphaToOne ? 1.0 : AlphasCumprod[0];

    /// <summary><c>np.interp(t, arange(T), sigmas)</c> at a (possibly fractional) timestep.</summary>
    public double InterpolateSigma(double timestep)
    {
        if (timestep <= 0)
            return Sigmas[0];
        if (timestep >= TrainSteps - 1)
            return Sigmas[^1];
        var low = (int)Math.Floor(timestep);
        var slope = (double)Sigmas[low + 1] - Sigmas[low];
        return slope * (timestep - low) + Sigmas[low];
    }

    /// <summary>diffusers' <c>_sigma_to_t</c>: log-sigma interpolation back to a fractional timestep.</summary>
    public double SigmaToTimestep(double sigma)
    {
        var logSigma = Math.Log(Math.Max(sigma, 1e-10));
        var lowIndex = 0;
        for (var i = 0; i < LogSigmas.Length; i++)
        {
            if (logSigma - LogSigmas[i] >= 0)
                lowIndex = i;
        }
        lowIndex = Math.Min(lowIndex, LogSigmas.Length - 2);
        var low = LogSigmas[lowIndex];
        var high = LogSigmas[lowIndex + 1];
        // numpy subtracts the two float32 table entries in float32.
        var w = Math.Clamp((low - logSigma) / (double)(low - high), 0, 1);
        return (1 - w) * lowIndex + w * (lowIndex + 1);
    }

    /// <summary>Karras et al. (2022) sigmas with rho = 7 from <paramref name="sigmaMax"/> down to <paramref name="sigmaMin"/>.</summary>
    public static double[] KarrasSigmas(double sigmaMin, double sigmaMax, int count)
    {
        const double rho = 7.0;
        var minInvRho = Math.Pow(sigmaMin, 1 / rho);
        var maxInvRho = Math.Pow(sigmaMax, 1 / rho);
        var sigmas = new double[count];
        for (var i = 0; i < count; i++)
        {
            var ramp = count == 1 ? 0 : i / (double)(count - 1);
            sigmas[i] = Math.Pow(maxInvRho + ramp * (minInvRho - maxInvRho), rho);
        }
        return sigmas;
    }

    // torch's CPU cumprod accumulates float32 input in double.
    private static float[] Cumprod(float[] betas)
    {
        var alphasCumprod = new float[betas.Length];
        var product = 1.0;
        for (var i = 0; i < betas.Length; i++)
        {
            product *= 1f - betas[i];
            alphasCumprod[i] = (float)product;
        }
        return alphasCumprod;
    }

    /// <summary>
    /// diffusers' <c>rescale_zero_terminal_snr</c> (Lin et al. 2023, "Common Diffusion Noise Schedules and Sample Steps
    /// Are Flawed", algorithm 1): shift sqrt(alphas_cumprod) so the last is 0 and scale it so the first is unchanged,
    /// in float32 as torch does.
    /// </summary>
    private static float[] RescaledToZeroTerminalSnr(float[] betas)
    {
        var sqrtAlphasBar = Cumprod(betas).Select(MathF.Sqrt).ToArray();
        var first = sqrtAlphasBar[0];
        var last = sqrtAlphasBar[^1];
        var scale = first / (first - last);
        var alphasBar = sqrtAlphasBar.Select(a => (a - last) * scale).Select(a => a * a).ToArray();
        var rescaled = new float[betas.Length];
        for (var i = 0; i < rescaled.Length; i++)
            rescaled[i] = 1f - (i == 0 ? alphasBar[0] : alphasBar[i] / alphasBar[i - 1]);
        return rescaled;
    }

    private static float[] Betas(SchedulerConfig config)
    {
        var n = config.NumTrainTimesteps;
        if (config.TrainedBetas is { } trained)
            return trained.Select(b => (float)b).ToArray();
        return config.BetaSchedule switch
        {
            "linear" => TorchLinspace((float)config.BetaStart, (float)config.BetaEnd, n),
            "scaled_linear" => TorchLinspace((float)Math.Sqrt(config.BetaStart), (float)Math.Sqrt(config.BetaEnd), n)
                .Select(b => b * b).ToArray(),
            _ => SquaredCosine(n),
        };
    }

    // torch.linspace fills the first half forwards from start and the second half backwards from end.
    private static float[] TorchLinspace(float start, float end, int count)
    {
        var values = new float[count];
        var step = (end - start) / (count - 1);
        var halfway = count / 2;
        for (var i = 0; i < count; i++)
            values[i] = i < halfway ? start + step * i : end - step * (count - i - 1);
        return values;
    }

    private static float[] SquaredCosine(int count)
    {
        static double AlphaBar(double t) => Math.Pow(Math.Cos((t + 0.008) / 1.008 * Math.PI / 2), 2);
        var betas = new float[count];
        for (var i = 0; i < count; i++)
            betas[i] = (float)Math.Min(1 - AlphaBar((i + 1.0) / count) / AlphaBar((double)i / count), 0.999);
        return betas;
    }
}
