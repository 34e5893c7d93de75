using DreamBot.Shared.Domain;
using DreamBot.Tests.Shared.Discord;
using DreamBot.Worker.Diffusion.Schedulers;
using Microsoft.Extensions.Logging.Abstractions;

namespace DreamBot.Tests.Worker.Diffusion.Schedulers;

public sealed class SchedulerFactoryTests
{
    [Fact]
    public void EverySamplerUsersCanName_IsBuiltByTheFactory_AndTheFactoryOffersNoOther()
    {
        Assert.All(Samplers.All, name => Assert.NotNull(SchedulerFactory.Create(name, SchedulerConfig.StableDiffusion1, 20)));
        // euler_ancestral is diffusers' name for euler_a, accepted from the command line.
        Assert.Equal(Samplers.All.Order(StringComparer.Ordinal), SchedulerFactory.AllNames.Where(n => n != "euler_ancestral"));
    }

    [Theory]
    [InlineData("euler_a", typeof(EulerAncestralScheduler))]
    [InlineData("euler_ancestral", typeof(EulerAncestralScheduler))]
    [InlineData("dpmpp_2m_karras", typeof(DpmSolverMultistepScheduler))]
    [InlineData("ddpm", typeof(DdpmScheduler))]
    [InlineData("lcm", typeof(LcmScheduler))]
    public void Create_BuildsTheScheduler_ForProductAndVariantNames(string name, Type expected)
    {
        var scheduler = SchedulerFactory.Create(name, SchedulerConfig.StableDiffusion1, 20);

        Assert.IsType(expected, scheduler);
        Assert.Equal(20, scheduler.Timesteps.Count);
    }

    [Fact]
    public void Create_ListsValidNames_WhenNameIsUnknown()
    {
        var error = Assert.Throws<ArgumentException>(() => SchedulerFactory.Create("heun", SchedulerConfig.StableDiffusion1, 20));

        Assert.False(SchedulerFactory.IsKnown("heun"));
        Assert.Contains("heun", error.Message, StringComparison.Ordinal);
        Assert.Contains("dpmpp_2m_karras", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void Create_Throws_WhenStepCountIsOutOfRange(int steps)
    {
        Assert.ThrowsAny<ArgumentException>(() => SchedulerFactory.Create("euler", SchedulerConfig.StableDiffusion1, steps));
    }

    [Theory]
    [InlineData("PNDMScheduler", false, "pndm")]
    [InlineData("DDIMScheduler", false, "ddim")]
    [InlineData("DDPMScheduler", false, "ddpm")]
    [InlineData("LMSDiscreteScheduler", false, "lms")]
    [InlineData("LMSDiscreteScheduler", true, "lms")]
    [InlineData("LCMScheduler", false, "lcm")]
    [InlineData("EulerAncestralDiscreteScheduler", false, "euler_a")]
    [InlineData("EulerDiscreteScheduler", false, "euler")]
    [InlineData("EulerDiscreteScheduler", true, "euler_karras")]
    [InlineData("DPMSolverMultistepScheduler", false, "dpmpp_2m")]
    [InlineData("DPMSolverMultistepScheduler", true, "dpmpp_2m_karras")]
    public void DefaultSampler_IsTheSamplerOfTheModelsOwnScheduler(string className, bool karras, string expected)
    {
        var config = SchedulerConfig.StableDiffusion1 with { ClassName = className, UseKarrasSigmas = karras };

        Assert.Equal(expected, SchedulerFactory.DefaultSampler(config, NullLogger.Instance));
    }

    [Theory]
    [InlineData("UniPCMultistepScheduler")]
    [InlineData(null)]
    public void DefaultSampler_FallsBackToPndmWithAWarning_ForASchedulerClassItDoesNotMap(string? className)
    {
        using var logs = new CapturedLogs();

        var sampler = SchedulerFactory.DefaultSampler(SchedulerConfig.StableDiffusion1 with { ClassName = className }, logs.CreateLogger("model"));

        Assert.Equal("pndm", sampler);
        var warning = Assert.Single(logs.Lines);
        Assert.StartsWith("Warning", warning, StringComparison.Ordinal);
        Assert.Contains(className ?? "(none)", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("euler", "euler_karras")]
    [InlineData("lms", "euler_karras")]
    [InlineData("dpmpp_2m", "dpmpp_2m_karras")]
    public void Create_UsesKarrasSigmas_WhenTheConfigAsksForThem(string sampler, string karrasSampler)
    {
        var fromConfig = (ISigmaScheduler)SchedulerFactory.Create(sampler, SchedulerConfig.StableDiffusion1 with { UseKarrasSigmas = true }, 20);
        var named = (ISigmaScheduler)SchedulerFactory.Create(karrasSampler, SchedulerConfig.StableDiffusion1, 20);
        var plain = (ISigmaScheduler)SchedulerFactory.Create(sampler, SchedulerConfig.StableDiffusion1, 20);

        Assert.Equal(named.Sigmas, fromConfig.Sigmas);
        Assert.Equal(named.Timesteps, fromConfig.Timesteps);
        Assert.NotEqual(plain.Sigmas, fromConfig.Sigmas);
    }
}
