using DreamBot.Worker.Diffusion.Schedulers;

namespace DreamBot.Tests.Worker.Diffusion.Schedulers;

public sealed class SchedulerFactoryTests
{
    [Fact]
    public void Samplers_AreTheSevenProductNames_AndAllKnown()
    {
        Assert.Equal(["ddim", "pndm", "euler", "euler_a", "lms", "dpmpp_2m", "dpmpp_2m_karras"], SchedulerFactory.Samplers);
        Assert.All(SchedulerFactory.Samplers, name => Assert.True(SchedulerFactory.IsKnown(name)));
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
