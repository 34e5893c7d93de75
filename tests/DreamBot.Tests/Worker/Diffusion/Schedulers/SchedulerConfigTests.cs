using DreamBot.Worker.Diffusion.Loading;
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

        Assert.Equal(SchedulerConfig.StableDiffusion1 with { TimestepSpacing = "leading", ClassName = "PNDMScheduler" }, config);
    }

    // The scheduler configs of SD-Turbo, SD 2.1, LCM Dreamshaper and a DPM++ 2M Karras model as their folders ship them.
    [Theory]
    [InlineData("""{"_class_name": "EulerDiscreteScheduler", "_diffusers_version": "0.24.0.dev0", "beta_end": 0.012, "beta_schedule": "scaled_linear", "beta_start": 0.00085, "clip_sample": false, "interpolation_type": "linear", "num_train_timesteps": 1000, "prediction_type": "epsilon", "sample_max_value": 1.0, "set_alpha_to_one": false, "sigma_max": null, "sigma_min": null, "skip_prk_steps": true, "steps_offset": 1, "timestep_spacing": "trailing", "timestep_type": "discrete", "trained_betas": null, "use_karras_sigmas": false}""")]
    [InlineData("""{"_class_name": "DDIMScheduler", "_diffusers_version": "0.8.0", "beta_end": 0.012, "beta_schedule": "scaled_linear", "beta_start": 0.00085, "clip_sample": false, "num_train_timesteps": 1000, "prediction_type": "v_prediction", "set_alpha_to_one": false, "skip_prk_steps": true, "steps_offset": 1, "trained_betas": null}""")]
    [InlineData("""{"_class_name": "LCMScheduler", "_diffusers_version": "0.22.0.dev0", "beta_end": 0.012, "beta_schedule": "scaled_linear", "beta_start": 0.00085, "clip_sample": false, "clip_sample_range": 1.0, "dynamic_thresholding_ratio": 0.995, "num_train_timesteps": 1000, "original_inference_steps": 50, "prediction_type": "epsilon", "rescale_betas_zero_snr": false, "sample_max_value": 1.0, "set_alpha_to_one": true, "steps_offset": 1, "thresholding": false, "timestep_scaling": 10.0, "timestep_spacing": "leading", "trained_betas": null}""")]
    [InlineData("""{"_class_name": "DPMSolverMultistepScheduler", "algorithm_type": "dpmsolver++", "beta_end": 0.012, "beta_schedule": "scaled_linear", "beta_start": 0.00085, "dynamic_thresholding_ratio": 0.995, "euler_at_final": false, "final_sigmas_type": "zero", "lambda_min_clipped": -Infinity, "lower_order_final": true, "num_train_timesteps": 1000, "prediction_type": "epsilon", "sample_max_value": 1.0, "solver_order": 2, "solver_type": "midpoint", "steps_offset": 1, "thresholding": false, "timestep_spacing": "linspace", "trained_betas": null, "use_karras_sigmas": true, "use_lu_lambdas": false, "variance_type": null}""")]
    public void Load_AcceptsTheConfigsModelsShip(string json)
    {
        var config = SchedulerConfig.Load(Write(json));

        Assert.NotNull(config.ClassName);
    }

    [Fact]
    public void Load_ReadsKarrasSigmasAndZeroTerminalSnr()
    {
        var config = SchedulerConfig.Load(Write("""{"_class_name": "EulerDiscreteScheduler", "use_karras_sigmas": true, "rescale_betas_zero_snr": true}"""));

        Assert.Equal(("EulerDiscreteScheduler", true, true), (config.ClassName, config.UseKarrasSigmas, config.RescaleBetasZeroSnr));
    }

    [Theory]
    [InlineData("use_exponential_sigmas", "true")]
    [InlineData("use_beta_sigmas", "true")]
    [InlineData("timestep_type", "\"continuous\"")]
    [InlineData("final_sigmas_type", "\"sigma_min\"")]
    [InlineData("interpolation_type", "\"log_linear\"")]
    [InlineData("thresholding", "true")]
    [InlineData("sigma_min", "0.03")]
    [InlineData("solver_order", "3")]
    [InlineData("algorithm_type", "\"sde-dpmsolver++\"")]
    [InlineData("skip_prk_steps", "false")]
    [InlineData("original_inference_steps", "100")]
    [InlineData("lambda_min_clipped", "-5.1")]
    public void Load_RefusesASettingThatChangesTheSchedule_NamingKeyAndValue(string key, string value)
    {
        var path = Write($$"""{"_class_name": "EulerDiscreteScheduler", "{{key}}": {{value}}}""");

        var error = Assert.Throws<ModelFolderException>(() => SchedulerConfig.Load(path));

        Assert.Contains($"'{key}': {value} changes the schedule and is not implemented", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Load_RefusesAKeyItDoesNotKnow_NamingIt()
    {
        var path = Write("""{"_class_name": "EulerDiscreteScheduler", "shift_terminal": 0.5}""");

        var error = Assert.Throws<ModelFolderException>(() => SchedulerConfig.Load(path));

        Assert.Contains("'shift_terminal' is not a scheduler setting DreamBot knows", error.Message, StringComparison.Ordinal);
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

        var error = Assert.Throws<ModelFolderException>(() => SchedulerConfig.Load(path));

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
