using System.Text.Json;
using DreamBot.Worker.Diffusion.Schedulers;

namespace DreamBot.Tests.Worker.Diffusion.Schedulers;

/// <summary>
/// Runs one golden case the way its README's pseudo-code does, with the synthetic model
/// eps[k] = 0.8·tanh(x[k]) + 0.1·cos(0.03·t + 0.001·k), and tracks the worst error as a fraction of the tolerance.
/// </summary>
internal sealed class SchedulerGoldenLoop(JsonElement golden)
{
    private readonly JsonElement[] _steps = golden.GetProperty("steps").EnumerateArray().ToArray();

    public double WorstLatentsFraction { get; private set; }

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static void SyntheticModel(ReadOnlySpan<float> latents, double scale, double timestep, Span<float> output)
    {
        for (var k = 0; k < latents.Length; k++)
            output[k] = (float)((0.8 * Math.Tanh(latents[k] * scale)) + (0.1 * Math.Cos((0.03 * timestep) + (0.001 * k))));
    }

    public void Run(IScheduler scheduler)
    {
        var atol = golden.GetProperty("tolerance").GetProperty("atol").GetDouble();
        var rtol = golden.GetProperty("tolerance").GetProperty("rtol").GetDouble();
        var initialNoise = Doubles(golden.GetProperty("initial_noise"));
        var latents = initialNoise.Select(v => (float)(v * scheduler.InitNoiseSigma)).ToArray();
        CheckLatents("initial_latents", Doubles(golden.GetProperty("initial_latents")), latents, atol, rtol);

        Assert.Equal(_steps.Length, scheduler.Timesteps.Count);
        var noise = new ScriptedNoise(_steps);
        var modelOutput = new float[latents.Length];
        for (var i = 0; i < _steps.Length; i++)
        {
            var step = _steps[i];
            var scale = scheduler.ModelInputScale(i);
            var expectedScale = step.GetProperty("model_input_scale").GetDouble();
            Assert.True(Math.Abs(scale - expectedScale) <= 1e-5 * expectedScale, $"step {i}: input scale {scale}, expected {expectedScale}");

            SyntheticModel(latents, scale, scheduler.Timesteps[i], modelOutput);
            noise.Iteration = i;
            scheduler.Step(i, modelOutput, latents, noise);

            if (step.GetProperty("latents").ValueKind != JsonValueKind.Null)
                CheckLatents($"steps[{i}].latents", Doubles(step.GetProperty("latents")), latents, atol, rtol);
            CheckMean(i, step.GetProperty("latents_mean").GetDouble(), latents, atol, rtol);
        }
        Assert.Equal(golden.GetProperty("noise_draw_steps").EnumerateArray().Select(e => e.GetInt32()), noise.DrawnAt);
        CheckLatents("final_latents", Doubles(golden.GetProperty("final_latents")), latents, atol, rtol);
    }

    private void CheckLatents(string what, double[] expected, float[] actual, double atol, double rtol)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            var fraction = Math.Abs(actual[k] - expected[k]) / (atol + rtol * Math.Abs(expected[k]));
            WorstLatentsFraction = Math.Max(WorstLatentsFraction, fraction);
            Assert.True(fraction <= 1, $"{what}[{k}] = {actual[k]}, expected {expected[k]} ({fraction:F2} x tolerance)");
        }
    }

    private static void CheckMean(int step, double expected, float[] latents, double atol, double rtol)
    {
        var mean = latents.Average(v => (double)v);
        var meanAbs = latents.Average(v => Math.Abs((double)v));
        Assert.True(Math.Abs(mean - expected) <= atol + rtol * meanAbs, $"steps[{step}].latents_mean = {mean}, expected {expected}");
    }

    /// <summary>Hands out the draw diffusers consumed in each iteration and records when draws happen.</summary>
    private sealed class ScriptedNoise(JsonElement[] steps) : INoiseSource
    {
        public int Iteration { get; set; }

        public List<int> DrawnAt { get; } = [];

        public void NextGaussian(Span<float> destination)
        {
            Assert.DoesNotContain(Iteration, DrawnAt);
            DrawnAt.Add(Iteration);
            var recorded = steps[Iteration].GetProperty("noise");
            Assert.True(recorded.ValueKind != JsonValueKind.Null, $"The scheduler drew noise in iteration {Iteration}, where diffusers drew none.");
            var values = Doubles(recorded);
            Assert.Equal(values.Length, destination.Length);
            for (var k = 0; k < values.Length; k++)
                destination[k] = (float)values[k];
        }
    }
}
