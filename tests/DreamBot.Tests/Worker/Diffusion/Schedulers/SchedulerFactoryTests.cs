using DreamBot.Shared.Domain;
using DreamBot.Worker.Diffusion.Schedulers;

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
}
