using System.Text.Json;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Diffusion.Schedulers;
using Xunit.Abstractions;

namespace DreamBot.Tests.Worker.Diffusion.Schedulers;

/// <summary>Every golden/schedulers/*.json: a full diffusers sampling loop reproduced step by step.</summary>
public sealed class SchedulerGoldenTests(ITestOutputHelper output)
{
    public static TheoryData<string> CaseFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.Golden, "schedulers"), "*.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseFiles))]
    public void SamplingLoop_MatchesDiffusers(string fileName)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TestPaths.Golden, "schedulers", fileName)));
        var golden = document.RootElement;
        Assert.Equal("sd-scheduler-golden/v1", golden.GetProperty("schema").GetString());
        var variant = golden.GetProperty("scheduler").GetProperty("variant").GetString()!;
        var steps = golden.GetProperty("num_inference_steps").GetInt32();

        var scheduler = SchedulerFactory.Create(variant, SchedulerConfig.StableDiffusion1, steps);

        var schedule = ScheduleAssert.Check(variant, golden, scheduler);
        var loop = new SchedulerGoldenLoop(golden);
        loop.Run(scheduler);
        output.WriteLine($"{fileName}: worst latents error {loop.WorstLatentsFraction:F4} x tolerance; {schedule}");
    }
}
