using DreamBot.Worker.Diffusion.Schedulers;

namespace DreamBot.Tests.Worker.Diffusion.Schedulers;

// diffusers' DDIM, DDPM and LCM step() clamp pred_original_sample to ±clip_sample_range when clip_sample is set (and
// keep the unclamped noise prediction, as the PyTorch pipelines call step() without use_clipped_model_output).
public sealed class ClipSampleTests
{
    private static readonly SchedulerConfig Clipped = SchedulerConfig.StableDiffusion1 with { ClipSample = true, ClipSampleRange = 0.5 };

    [Fact]
    public void DdimStep_ClampsThePredictedCleanSample_ButNotTheNoise_WhenTheConfigSetsClipSample()
    {
        var scheduler = SchedulerFactory.Create("ddim", Clipped, 20);
        var last = scheduler.Timesteps.Count - 1;
        float[] latents = [0f];

        // At t = 1 with eps = -100 the predicted clean sample is far above 0.5; the final alpha is alphas_cumprod[0].
        scheduler.Step(last, [-100f], latents, new ZeroNoise());

        var alphaPrev = new TrainingSchedule(Clipped, ZeroSnrRescaling.Exact).AlphasCumprod[0];
        Assert.Equal(Math.Sqrt(alphaPrev) * 0.5 + Math.Sqrt(1 - alphaPrev) * -100, latents[0], 5);
    }

    [Theory]
    [InlineData("ddpm")]
    [InlineData("lcm")]
    public void Step_DependsOnlyOnTheClampedCleanSample_WhenTheConfigSetsClipSample(string sampler)
    {
        var far = Step(sampler, Clipped, -100f);
        var farther = Step(sampler, Clipped, -200f);
        var unclipped = Step(sampler, SchedulerConfig.StableDiffusion1, -100f);

        Assert.Equal(far, farther);
        Assert.NotEqual(far, unclipped);
    }

    private static float Step(string sampler, SchedulerConfig config, float output)
    {
        var scheduler = SchedulerFactory.Create(sampler, config, 4);
        float[] latents = [0f];
        scheduler.Step(scheduler.Timesteps.Count - 1, [output], latents, new ZeroNoise());
        return latents[0];
    }

    private sealed class ZeroNoise : INoiseSource
    {
        public void NextGaussian(Span<float> destination) => destination.Clear();
    }
}
