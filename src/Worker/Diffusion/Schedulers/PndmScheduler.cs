namespace DreamBot.Worker.Diffusion.Schedulers;

/// <summary>
/// diffusers' PNDMScheduler with skip_prk_steps (PLMS): n + 1 iterations, the second timestep repeated. Iteration 0
/// is an Euler-like step that keeps its sample; iteration 1 redoes that step with the average of both outputs; then
/// linear multistep over 2, 3 and 4 stored outputs.
/// </summary>
public sealed class PndmScheduler : IScheduler
{
    private readonly TrainingSchedule _schedule;
    private readonly int[] _timesteps;
    private readonly int _stride;
    private readonly List<float[]> _outputs = [];
    private float[] _savedSample = [];
    private int _counter;

    public PndmScheduler(SchedulerConfig config, int inferenceSteps)
    {
        SchedulerFactory.CheckSteps(inferenceSteps, config);
        _schedule = new TrainingSchedule(config, ZeroSnrRescaling.NotOffered);
        _stride = config.NumTrainTimesteps / inferenceSteps;
        var ascending = TimestepSpacing.Integer(config, inferenceSteps, "leading").Reverse().ToArray();
        // plms_timesteps = concat(ts[:-1], ts[-2:-1], ts[-1:])[::-1]
        var plms = ascending[..^1].Concat(ascending.Length >= 2 ? ascending[^2..^1] : []).Append(ascending[^1]);
        _timesteps = plms.Reverse().ToArray();
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
        var timestep = _timesteps[stepIndex];
        var previous = timestep - _stride;
        if (_counter != 1)
        {
            if (_outputs.Count > 3)
                _outputs.RemoveAt(0);
            _outputs.Add(modelOutput.ToArray());
        }
        else
        {
            // The second call re-evaluates the first step's interval from the saved sample.
            previous = timestep;
            timestep += _stride;
        }

        var combined = new double[latents.Length];
        var n = _outputs.Count;
        for (var k = 0; k < combined.Length; k++)
        {
            combined[k] = (n, _counter) switch
            {
                (1, 0) => modelOutput[k],
                (1, _) => (modelOutput[k] + (double)_outputs[^1][k]) / 2,
                (2, _) => (3.0 * _outputs[^1][k] - _outputs[^2][k]) / 2,
                (3, _) => (23.0 * _outputs[^1][k] - 16.0 * _outputs[^2][k] + 5.0 * _outputs[^3][k]) / 12,
                _ => 1.0 / 24 * (55.0 * _outputs[^1][k] - 59.0 * _outputs[^2][k] + 37.0 * _outputs[^3][k] - 9.0 * _outputs[^4][k]),
            };
        }
        if (n == 1 && _counter == 0)
            _savedSample = latents.ToArray();
        else if (n == 1 && _counter == 1)
            _savedSample.CopyTo(latents);

        PreviousSample(latents, timestep, previous, combined);
        _counter++;
    }

    public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> result)
    {
        AlphaPrediction.CheckStepIndex(stepIndex, _timesteps.Length);
        AlphaPrediction.AddNoise(original, noise, _schedule.AlphasCumprod[_timesteps[stepIndex]], result);
    }

    // Formula (9) of the PNDM paper: x_prev from x_t and the (combined) noise prediction.
    private void PreviousSample(Span<float> sample, int timestep, int previous, double[] output)
    {
        var alpha = (double)_schedule.AlphasCumprod[timestep];
        var alphaPrev = _schedule.AlphaCumprodOrFinal(previous);
        var beta = 1 - alpha;
        var betaPrev = 1 - alphaPrev;
        var sampleCoefficient = Math.Sqrt(alphaPrev / alpha);
        var denominator = alpha * Math.Sqrt(betaPrev) + Math.Sqrt(alpha * beta * alphaPrev);
        var v = _schedule.Config.IsVPrediction;
        for (var k = 0; k < sample.Length; k++)
        {
            var eps = v ? Math.Sqrt(alpha) * output[k] + Math.Sqrt(beta) * sample[k] : output[k];
            sample[k] = (float)(sampleCoefficient * sample[k] - (alphaPrev - alpha) * eps / denominator);
        }
    }
}
