namespace DreamBot.Worker.Diffusion.Schedulers;

/// <summary>
/// diffusers' LMSDiscreteScheduler with order 4: linear multistep over the stored derivatives, each weighted by the
/// integral of its Lagrange basis polynomial between this sigma and the next (integrated exactly, not by quadrature).
/// </summary>
public sealed class LmsScheduler : ISigmaScheduler
{
    private const int MaxOrder = 4;
    private readonly KarrasDiscreteSchedule _schedule;
    private readonly List<float[]> _derivatives = [];

    public LmsScheduler(SchedulerConfig config, int inferenceSteps)
    {
        SchedulerFactory.CheckSteps(inferenceSteps, config);
        _schedule = new KarrasDiscreteSchedule(config, inferenceSteps, config.UseKarrasSigmas, ZeroSnrRescaling.NotOffered);
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
        var derivative = _derivatives.Count == MaxOrder ? _derivatives[0] : new float[latents.Length];
        _derivatives.Remove(derivative);
        for (var k = 0; k < latents.Length; k++)
            derivative[k] = (float)((latents[k] - _schedule.PredictOriginal(latents[k], modelOutput[k], sigma)) / sigma);
        _derivatives.Add(derivative);

        // diffusers takes the order from the step index, not from how many derivatives it holds; after an
        // image-to-image start only the newest derivative pairs with the first coefficient.
        var order = Math.Min(stepIndex + 1, MaxOrder);
        var used = Math.Min(order, _derivatives.Count);
        Span<double> coefficients = stackalloc double[used];
        for (var c = 0; c < used; c++)
            coefficients[c] = Coefficient(order, stepIndex, c);
        for (var k = 0; k < latents.Length; k++)
        {
            double sum = latents[k];
            for (var c = 0; c < used; c++)
                sum += coefficients[c] * _derivatives[_derivatives.Count - 1 - c][k];
            latents[k] = (float)sum;
        }
    }

    public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> result) =>
        _schedule.AddNoise(original, noise, stepIndex, result);

    /// <summary>∫ from sigma[t] to sigma[t+1] of the Lagrange basis polynomial of node sigma[t−current].</summary>
    internal double Coefficient(int order, int t, int current)
    {
        var sigmas = _schedule.Sigmas;
        // Polynomial coefficients, lowest degree first, built by multiplying (tau − node) / (own − node).
        Span<double> poly = stackalloc double[MaxOrder + 1];
        poly.Clear();
        poly[0] = 1;
        var degree = 0;
        for (var k = 0; k < order; k++)
        {
            if (k == current)
                continue;
            var node = sigmas[t - k];
            var denominator = sigmas[t - current] - node;
            for (var d = degree + 1; d >= 0; d--)
                poly[d] = ((d > 0 ? poly[d - 1] : 0) - node * poly[d]) / denominator;
            degree++;
        }
        return Antiderivative(poly[..(degree + 1)], sigmas[t + 1]) - Antiderivative(poly[..(degree + 1)], sigmas[t]);
    }

    private static double Antiderivative(ReadOnlySpan<double> poly, double x)
    {
        var sum = 0.0;
        for (var d = poly.Length - 1; d >= 0; d--)
            sum = sum * x + poly[d] / (d + 1);
        return sum * x;
    }
}
