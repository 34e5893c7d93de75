using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Diffusion.Schedulers;

namespace DreamBot.Tests.Worker.Diffusion.Schedulers;

public sealed class SchedulerConfigTests
{
    [Fact]
    public void Load_ReadsDiffusersConfig_AndKeepsDefaultsForAbsentKeys()
    {
        var path = Write("""
            {"_class_name": "PNDMScheduler", "beta_end": 0.012, "beta_schedule": "scaled_linear", "beta_start": 0.00085,
             "num_train_timesteps": 1000, "set_alpha_to_one": false, "skip_prk_steps": true, "steps_offset": 1,
             "trained_betas": null, "clip_sample": false, "timestep_spacing": "leading"}
            """);

        var config = SchedulerConfig.Load(path);

        Assert.Equal(SchedulerConfig.StableDiffusion1 with { TimestepSpacing = "leading" }, config);
    }

    [Fact]
    public void Load_AcceptsVPredictionAndTrainedBetas()
    {
        var betas = string.Join(", ", Enumerable.Range(0, 10).Select(i => (0.001 * (i + 1)).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var path = Write($$"""{"num_train_timesteps": 10, "prediction_type": "v_prediction", "trained_betas": [{{betas}}]}""");

        var config = SchedulerConfig.Load(path);

        Assert.True(config.IsVPrediction);
        Assert.Equal(10, config.TrainedBetas!.Count);
        Assert.Equal(0.01, config.TrainedBetas[9], 12);
    }

    [Fact]
    public void Load_RejectsUnsupportedPredictionType_NamingFileAndValue()
    {
        var path = Write("""{"prediction_type": "sample"}""");

        var error = Assert.Throws<InvalidDataException>(() => SchedulerConfig.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("sample", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Throws_WhenFileIsMissing()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("sched"), "scheduler_config.json");

        Assert.Throws<FileNotFoundException>(() => SchedulerConfig.Load(path));
    }

    private static string Write(string json)
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("sched"), "scheduler_config.json");
        File.WriteAllText(path, json);
        return path;
    }
}
