using System.Text.Json;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Diffusion.Schedulers;

namespace DreamBot.Tests.Worker.Diffusion.Schedulers;

public sealed class TrainingScheduleTests
{
    [Fact]
    public void Tables_MatchDiffusersFloat32Schedule_ForStableDiffusion1()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TestPaths.Golden, "sd15_train_schedule.json")));
        var golden = document.RootElement;

        var schedule = new TrainingSchedule(SchedulerConfig.StableDiffusion1, ZeroSnrRescaling.Exact);

        AssertClose(SchedulerGoldenLoop.Doubles(golden.GetProperty("alphas_cumprod")), schedule.AlphasCumprod, 1e-6);
        AssertClose(SchedulerGoldenLoop.Doubles(golden.GetProperty("sigmas")), schedule.Sigmas, 1e-5);
    }

    [Fact]
    public void SigmaToTimestep_InvertsInterpolateSigma()
    {
        var schedule = new TrainingSchedule(SchedulerConfig.StableDiffusion1, ZeroSnrRescaling.Exact);

        foreach (var t in new[] { 0.0, 1.0, 123.0, 500.0, 999.0 })
            Assert.Equal(t, schedule.SigmaToTimestep(schedule.InterpolateSigma(t)), 4);
        // Between table entries sigma is interpolated linearly but mapped back log-linearly.
        foreach (var t in new[] { 1.5, 123.25, 998.75 })
            Assert.Equal(t, schedule.SigmaToTimestep(schedule.InterpolateSigma(t)), 0.05);
    }

    // The expected values follow the published formula, computed here in double: Lin et al. 2023, "Common Diffusion
    // Noise Schedules and Sample Steps Are Flawed" (arXiv 2305.08891), algorithm 1, as diffusers'
    // rescale_zero_terminal_snr (schedulers/scheduling_ddim.py) implements it; the schedule is then alphas_cumprod of
    // the rescaled betas, i.e. the rescaled sqrt(alphas_cumprod) squared.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AlphasCumprod_IsTheZeroTerminalSnrRescaling_WhenTheConfigAsksForIt(bool finiteFirstSigma)
    {
        var rescaling = finiteFirstSigma ? ZeroSnrRescaling.FiniteFirstSigma : ZeroSnrRescaling.Exact;
        var config = SchedulerConfig.StableDiffusion1;
        var schedule = new TrainingSchedule(config with { RescaleBetasZeroSnr = true }, rescaling);

        var sqrtAlphasBar = new double[1000];
        var product = 1.0;
        for (var i = 0; i < 1000; i++)
        {
            var beta = Math.Pow(Math.Sqrt(0.00085) + i * (Math.Sqrt(0.012) - Math.Sqrt(0.00085)) / 999, 2);
            product *= 1 - beta;
            sqrtAlphasBar[i] = Math.Sqrt(product);
        }
        var (first, last) = (sqrtAlphasBar[0], sqrtAlphasBar[^1]);
        var expected = sqrtAlphasBar.Select(a => Math.Pow((a - last) * first / (first - last), 2)).ToArray();

        // float32 cancellation near the end (sqrt(alphas_cumprod) minus its last value) costs relative precision where
        // the values approach 0; diffusers computes in float32 as well.
        for (var i = 0; i < expected.Length - 1; i++)
            Assert.True(Math.Abs(schedule.AlphasCumprod[i] - expected[i]) <= 1e-5 * expected[i] + 1e-10, $"[{i}] = {schedule.AlphasCumprod[i]}, expected {expected[i]}");
        Assert.Equal(rescaling == ZeroSnrRescaling.Exact ? 0f : MathF.Pow(2, -24), schedule.AlphasCumprod[^1]);
        Assert.Equal(new TrainingSchedule(config, rescaling).AlphasCumprod[0], schedule.AlphasCumprod[0], 1e-7);
    }

    [Fact]
    public void AlphasCumprod_IsNotRescaled_ForASchedulerDiffusersOffersNoRescalingOn()
    {
        var plain = new TrainingSchedule(SchedulerConfig.StableDiffusion1, ZeroSnrRescaling.NotOffered);
        var asked = new TrainingSchedule(SchedulerConfig.StableDiffusion1 with { RescaleBetasZeroSnr = true }, ZeroSnrRescaling.NotOffered);

        Assert.Equal(plain.AlphasCumprod, asked.AlphasCumprod);
    }

    private static void AssertClose(double[] expected, float[] actual, double rtol)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= rtol * Math.Abs(expected[i]), $"[{i}] = {actual[i]}, expected {expected[i]}");
    }
}
