using System.Text.Json;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Diffusion.Schedulers;
using Xunit.Abstractions;

namespace DreamBot.Tests.Worker.Diffusion.Schedulers;

/// <summary>Every golden/set_timesteps/*.json: diffusers' set_timesteps(n) for n = 1..60.</summary>
public sealed class SetTimestepsGoldenTests(ITestOutputHelper output)
{
    public static TheoryData<string> VariantFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.Golden, "set_timesteps"), "*.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(VariantFiles))]
    public void Schedule_MatchesDiffusers_ForEveryStepCount(string fileName)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TestPaths.Golden, "set_timesteps", fileName)));
        var golden = document.RootElement;
        Assert.Equal("sd-set-timesteps/v1", golden.GetProperty("schema").GetString());
        var variant = golden.GetProperty("variant").GetString()!;
        var entries = golden.GetProperty("entries").EnumerateArray().ToArray();
        Assert.NotEmpty(entries);

        foreach (var entry in entries)
        {
            var n = entry.GetProperty("num_inference_steps").GetInt32();
            if (entry.TryGetProperty("error", out _))
            {
                Assert.ThrowsAny<ArgumentException>(() => SchedulerFactory.Create(variant, SchedulerConfig.StableDiffusion1, n));
                continue;
            }
            var scheduler = SchedulerFactory.Create(variant, SchedulerConfig.StableDiffusion1, n);
            var summary = ScheduleAssert.Check(variant, entry, scheduler);
            if (n is 1 or 20 or 60)
                output.WriteLine($"{variant} n={n}: {summary}");
        }
    }
}
