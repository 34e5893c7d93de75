using DreamBot.Bot.ResultControls;
using DreamBot.Shared.Domain;

namespace DreamBot.Tests.Shared;

/// <summary>Upscale (creative): its size within the caps, its strength, its rules and its cost.</summary>
public sealed class CreativeUpscaleRulesTests
{
    private static readonly DreamParameters Creative = new()
    {
        Prompt = "a fox", InitImage = "https://cdn.discordapp.com/attachments/1/2/dream-7-100.png", Upscaler = "x2",
        Strength = ResultButtons.CreativeUpscaleStrength, Width = 1024, Height = 1024, Steps = 30,
    };

    [Theory]
    [InlineData(512, 512, 2048, 1024, 1024)]   // ×2 fits
    [InlineData(512, 512, 768, 768, 768)]      // the model's cap: the largest multiple of 64 within it
    [InlineData(512, 768, 1024, 704, 1024)]    // 512 × 1024/768 = 682.7, to the nearest multiple of 64
    [InlineData(768, 512, 1000, 960, 640)]     // a cap off the grid: 960, the short side 512 × 960/768 = 640
    [InlineData(512, 512, 576, 576, 576)]      // one step larger still counts
    public void CreativeUpscaleSize_IsTwiceTheImage_OrTheLargestWithinTheCap(int width, int height, int maxSide, int expectedWidth, int expectedHeight)
    {
        Assert.Equal((expectedWidth, expectedHeight), DreamRules.CreativeUpscaleSize(width, height, maxSide, long.MaxValue));
    }

    [Fact]
    public void CreativeUpscaleSize_KeepsWithinThePixelCap()
    {
        // 1024² .. 832² are all over 800² = 640,000 pixels; 768² = 589,824 is the first within it.
        Assert.Equal((768, 768), DreamRules.CreativeUpscaleSize(512, 512, 2048, 800 * 800));
    }

    [Theory]
    [InlineData(768, 768, 768)]
    [InlineData(1024, 512, 1024)]
    [InlineData(512, 512, 540)]
    public void CreativeUpscaleSize_IsNone_WhenNothingLargerFits(int width, int height, int maxSide)
    {
        Assert.Null(DreamRules.CreativeUpscaleSize(width, height, maxSide, long.MaxValue));
    }

    [Fact]
    public void ACreativeUpscale_IsAnUpscale_ThatStartsItsDiffusionFromTheImage()
    {
        Assert.True(Creative is { IsUpscale: true, IsCreativeUpscale: true, IsImageToImage: true, DenoisingSteps: 9 });
        Assert.False((Creative with { Strength = null }).IsCreativeUpscale);
    }

    [Fact]
    public void ACreativeUpscale_IsHeldToTheServersSizeCap_AndAStrengthBelowOne()
    {
        Assert.Empty(DreamRules.Problems(Creative with { Width = 768, Height = 768 }, DreamLimits.Standard));
        Assert.Contains(DreamRules.Problems(Creative, DreamLimits.Standard), p => p.Contains("this server allows at most", StringComparison.Ordinal));
        Assert.Contains(DreamRules.Problems(Creative with { Strength = 1 }, DreamLimits.Hard), p => p.Contains("must be below 1", StringComparison.Ordinal));
    }

    // CostUnits: 512×512 at 50 steps is 1.0. The upscale is 5 steps at 1024² (0.4), the re-render 30 steps at 1024² (2.4).
    [Fact]
    public void ACreativeUpscaleCosts_TheUpscale_PlusImageToImageAtTheOutputSize()
    {
        Assert.Equal(2.8, Creative.Cost, precision: 6);
        Assert.Equal(2.8, CostUnits.ForCreativeUpscale(1024, 1024, 30), precision: 6);
    }

    [Theory]
    [InlineData(30, 0.3)]
    [InlineData(4, 0.3)]
    [InlineData(2, 0.5)]
    [InlineData(1, 1.0)]
    public void TheStrength_IsRaisedOnlyAsFarAsOneStepNeeds(int steps, double expected)
    {
        var strength = CreativeUpscaleButton.StrengthFor(steps);

        Assert.Equal(expected, strength, precision: 9);
        Assert.True((int)(steps * strength) >= 1);
    }
}
