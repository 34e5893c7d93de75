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

        var schedule = new TrainingSchedule(SchedulerConfig.StableDiffusion1);

        AssertClose(SchedulerGoldenLoop.Doubles(golden.GetProperty("alphas_cumprod")), schedule.AlphasCumprod, 1e-6);
        AssertClose(SchedulerGoldenLoop.Doubles(golden.GetProperty("sigmas")), schedule.Sigmas, 1e-5);
    }

    [Fact]
    public void SigmaToTimestep_InvertsInterpolateSigma()
    {
        var schedule = new TrainingSchedule(SchedulerConfig.StableDiffusion1);

        foreach (var t in new[] { 0.0, 1.0, 123.0, 500.0, 999.0 })
            Assert.Equal(t, schedule.SigmaToTimestep(schedule.InterpolateSigma(t)), 4);
        // Between table entries sigma is interpolated linearly but mapped back log-linearly.
        foreach (var t in new[] { 1.5, 123.25, 998.75 })
            Assert.Equal(t, schedule.SigmaToTimestep(schedule.InterpolateSigma(t)), 0.05);
    }

    private static void AssertClose(double[] expected, float[] actual, double rtol)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= rtol * Math.Abs(expected[i]), $"[{i}] = {actual[i]}, expected {expected[i]}");
    }
}
