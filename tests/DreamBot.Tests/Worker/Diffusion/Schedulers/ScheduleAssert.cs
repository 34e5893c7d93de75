using System.Globalization;
using System.Text.Json;
using DreamBot.Worker.Diffusion.Schedulers;

namespace DreamBot.Tests.Worker.Diffusion.Schedulers;

/// <summary>Checks timesteps, sigmas and init_noise_sigma against a golden entry with the README's tolerances.</summary>
internal static class ScheduleAssert
{
    private const double FloatTimestepAtol = 5e-3;
    private const double SigmaAtol = 1e-6;
    private const double Rtol = 1e-4;

    /// <summary>Returns a summary of the worst deviations, as fractions of their tolerances.</summary>
    public static string Check(string variant, JsonElement expected, IScheduler scheduler)
    {
        var n = expected.GetProperty("num_inference_steps").GetInt32();
        var timesteps = SchedulerGoldenLoop.Doubles(expected.GetProperty("timesteps"));
        var fragile = FragileIndices(expected);
        var isInt = timesteps.All(t => t == Math.Floor(t)) && variant is not ("euler" or "euler_karras" or "euler_ancestral" or "lms");
        Assert.True(timesteps.Length == scheduler.Timesteps.Count, $"n={n}: {scheduler.Timesteps.Count} timesteps, expected {timesteps.Length}");
        var worstTimestep = 0.0;
        for (var i = 0; i < timesteps.Length; i++)
        {
            var actual = scheduler.Timesteps[i];
            var allowed = isInt ? (fragile.Contains(i) ? 1.0 : 0.0) : FloatTimestepAtol;
            var diff = Math.Abs(actual - timesteps[i]);
            Assert.True(diff <= allowed, $"n={n}: timesteps[{i}] = {actual}, expected {timesteps[i]}");
            if (!isInt)
                worstTimestep = Math.Max(worstTimestep, diff / allowed);
        }

        var worstSigma = 0.0;
        if (expected.GetProperty("sigmas").ValueKind != JsonValueKind.Null)
        {
            var sigmaScheduler = Assert.IsAssignableFrom<ISigmaScheduler>(scheduler);
            var sigmas = SchedulerGoldenLoop.Doubles(expected.GetProperty("sigmas"));
            Assert.Equal(sigmas.Length, sigmaScheduler.Sigmas.Count);
            for (var i = 0; i < sigmas.Length; i++)
            {
                var fraction = Math.Abs(sigmaScheduler.Sigmas[i] - sigmas[i]) / (SigmaAtol + Rtol * Math.Abs(sigmas[i]));
                worstSigma = Math.Max(worstSigma, fraction);
                Assert.True(fraction <= 1, $"n={n}: sigmas[{i}] = {sigmaScheduler.Sigmas[i]}, expected {sigmas[i]}");
            }
        }

        var initSigma = expected.GetProperty("init_noise_sigma").GetDouble();
        var initFraction = Math.Abs(scheduler.InitNoiseSigma - initSigma) / (Rtol * initSigma);
        Assert.True(initFraction <= 1, $"n={n}: init_noise_sigma = {scheduler.InitNoiseSigma}, expected {initSigma}");
        return string.Create(CultureInfo.InvariantCulture,
            $"timesteps {worstTimestep:F4}, sigmas {worstSigma:F4}, init_noise_sigma {initFraction:F4} x tolerance");
    }

    // dpmpp_2m_karras rounds a float timestep; where that float sits within 0.01 of x.5 a float64 port may round the
    // other way. Sampling cases carry timesteps_unrounded instead of the index list.
    private static HashSet<int> FragileIndices(JsonElement expected)
    {
        if (expected.TryGetProperty("rounding_fragile_indices", out var listed) && listed.ValueKind == JsonValueKind.Array)
            return listed.EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
        if (expected.TryGetProperty("timesteps_unrounded", out var unrounded) && unrounded.ValueKind == JsonValueKind.Array)
        {
            return SchedulerGoldenLoop.Doubles(unrounded)
                .Select((t, i) => (Distance: Math.Abs(t - Math.Floor(t) - 0.5), i))
                .Where(p => p.Distance < 0.01).Select(p => p.i).ToHashSet();
        }
        return [];
    }
}
