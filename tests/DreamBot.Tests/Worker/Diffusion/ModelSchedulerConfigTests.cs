using DreamBot.Worker.Diffusion.Loading;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Configuration;
using DreamBot.Shared.Domain;
using DreamBot.Worker.Imaging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DreamBot.Tests.Worker.Diffusion;

[Collection(TinyModelCollection.Name)]
public sealed class ModelSchedulerConfigTests(TinyModelFixture models)
{
    [Theory]
    [InlineData("EulerDiscreteScheduler", "euler_karras")]
    [InlineData("DPMSolverMultistepScheduler", "dpmpp_2m_karras")]
    public async Task TheDefaultRender_OfAConfigWithKarrasSigmas_IsTheKarrasSamplerNamedOnTheSameModelWithout(string className, string karrasSampler)
    {
        var withKey = models.Model(Scheduler($$"""{"_class_name": "{{className}}", "use_karras_sigmas": true}"""));
        var withoutKey = models.Model(Scheduler($$"""{"_class_name": "{{className}}"}"""));

        // No sampler named: the model's own scheduler, as its config describes it.
        var byDefault = await Render(withKey, Samplers.ModelsOwn);
        var named = await Render(withoutKey, karrasSampler);
        var plain = await Render(withoutKey, withoutKey.DefaultSampler);

        Assert.Equal(karrasSampler, withKey.DefaultSampler);
        Assert.Equal(named, byDefault);
        Assert.NotEqual(plain, byDefault);
        Assert.Contains($"Sampler: {karrasSampler}", PngEncoding.ReadParameters(byDefault), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConfigWithZeroTerminalSnr_RendersDifferently()
    {
        var rescaled = models.Model(Scheduler("""{"_class_name": "EulerDiscreteScheduler", "timestep_spacing": "trailing", "rescale_betas_zero_snr": true}"""));
        var plain = models.Model(Scheduler("""{"_class_name": "EulerDiscreteScheduler", "timestep_spacing": "trailing"}"""));

        Assert.NotEqual(await Render(plain, "euler"), await Render(rescaled, "euler"));
    }

    [Fact]
    public void Load_NamesTheKeyAndValue_WhenTheConfigAsksForAScheduleDreamBotDoesNotImplement()
    {
        var path = models.Write(Scheduler("""{"_class_name": "EulerDiscreteScheduler", "use_exponential_sigmas": true}"""));

        var error = Assert.Throws<ModelFolderException>(() => StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance));

        Assert.Equal(Path.Combine(path, "scheduler", "scheduler_config.json"), error.PartPath);
        Assert.Contains("'use_exponential_sigmas': true changes the schedule and is not implemented", error.Message, StringComparison.Ordinal);
    }

    internal static TinyModelOptions Scheduler(string settings) => new(SchedulerSettings: settings);

    private static async Task<byte[]> Render(StableDiffusionModel model, string sampler)
    {
        var result = await TinyRenders.RenderAsync(model, StableDiffusionPipelineTests.Request() with { Sampler = sampler, Steps = 5 });
        return Assert.Single(result.Images).Png;
    }
}
