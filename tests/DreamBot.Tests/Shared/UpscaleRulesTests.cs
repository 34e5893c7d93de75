using DreamBot.Shared.Domain;

namespace DreamBot.Tests.Shared;

public sealed class UpscaleRulesTests
{
    private static readonly DreamParameters Upscale = new()
    {
        Prompt = "a fox", InitImage = "https://cdn.discordapp.com/attachments/1/2/dream-7-100.png", Upscaler = "x2", Width = 1024, Height = 1024, Steps = 30,
    };

    [Fact]
    public void AnUpscaleBeyondTheServersSizeCap_IsAccepted_ForItRendersNoDiffusion()
    {
        Assert.Empty(DreamRules.Problems(Upscale, DreamLimits.Standard));
        Assert.Empty(DreamRules.Problems(Upscale with { Width = DreamLimits.MaxUpscaledSide, Height = 2048 }, DreamLimits.Standard));
    }

    [Theory]
    [InlineData(4097, 1024)]
    [InlineData(1024, 8192)]
    [InlineData(0, 1024)]
    public void AnUpscaleOutsideTheOutputCap_IsRefused(int width, int height)
    {
        var problem = Assert.Single(DreamRules.Problems(Upscale with { Width = width, Height = height }, DreamLimits.Hard));
        Assert.Contains("at most 4096", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUpscale_MakesOneImage_WithoutStrength_FromAnImage()
    {
        var problems = DreamRules.Problems(Upscale with { Count = 2, Strength = 0.5, InitImage = null }, DreamLimits.Hard);

        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void AnUpscale_IsNotImageToImage()
    {
        Assert.False(Upscale.IsImageToImage);
        Assert.True(Upscale with { Upscaler = null } is { IsImageToImage: true, IsUpscale: false });
    }

    [Theory]
    [InlineData(512, 512, 2, true)]
    [InlineData(1024, 1024, 4, true)]
    [InlineData(1024, 768, 4, true)]
    [InlineData(2048, 512, 4, false)]
    [InlineData(512, 512, 3, false)]
    [InlineData(512, 512, 8, false)]
    public void UpscaleProblem_AllowsTwoAndFour_WithinTheOutputCap(int width, int height, int scale, bool allowed)
    {
        Assert.Equal(allowed, DreamRules.UpscaleProblem(width, height, scale) is null);
    }

    // CostUnits: 512×512 at 50 steps is 1.0; an upscale is UpscaleStepEquivalent (5) steps at the output size.
    [Theory]
    [InlineData(1024, 1024, 0.4)]
    [InlineData(2048, 2048, 1.6)]
    [InlineData(512, 512, 0.1)]
    public void AnUpscaleCosts_FiveStepsAtTheOutputSize(int width, int height, double expected)
    {
        Assert.Equal(expected, (Upscale with { Width = width, Height = height }).Cost, precision: 6);
        Assert.Equal(expected, CostUnits.For(width, height, CostUnits.UpscaleStepEquivalent, 1), precision: 6);
    }
}
