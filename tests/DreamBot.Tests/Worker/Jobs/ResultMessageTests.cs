using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Worker.Delivery;
using DreamBot.Shared.Data;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Shared.Domain;
using DreamBot.Tests.Infrastructure;
using DreamBot.Worker.Upscaling;
using SixLabors.ImageSharp;

namespace DreamBot.Tests.Worker.Jobs;

public sealed class ResultMessageTests
{
    private static readonly Generation Generation = new()
    {
        Id = 42, UserName = "painter",
        Parameters = new DreamParameters
        {
            Prompt = "a fox", NegativePrompt = "blur", Sampler = "ddim", Steps = 20, Guidance = 7.5, Width = 64, Height = 64, Count = 2, Seed = 100, Model = "tiny",
        },
    };

    [Theory]
    [InlineData(SafetyPolicy.Spoiler, false, new[] { "dream-42-100.png", "SPOILER_dream-42-101.png" })]
    [InlineData(SafetyPolicy.Withhold, false, new[] { "dream-42-100.png" })]
    [InlineData(SafetyPolicy.Off, false, new[] { "dream-42-100.png", "dream-42-101.png" })]
    [InlineData(SafetyPolicy.Withhold, true, new[] { "dream-42-100.png", "dream-42-101.png" })]
    public void Build_AppliesTheGuildSafetyPolicy_AndShowsFlaggedImagesInAgeRestrictedChannels(SafetyPolicy policy, bool nsfwChannel, string[] expected)
    {
        var generation = Copy(nsfwChannel);

        var (payload, files) = ResultMessage.Build(generation, "tiny", Result(flaggedSecond: true), new GuildSettings { SafetyPolicy = policy }, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2));

        Assert.Equal(expected, files.Select(f => f.FileName));
        Assert.Equal(policy == SafetyPolicy.Withhold && !nsfwChannel, payload.Content!.Contains("flagged", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_PutsEverythingNeededToReproduceIntoTheEmbed_AndOffersTheThreeButtons()
    {
        var (payload, _) = ResultMessage.Build(Generation, "tiny", Result(flaggedSecond: false), new GuildSettings(), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2));

        var fields = payload.Embeds!.Single().Fields!.ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal("blur", fields["Negative prompt"]);
        Assert.Equal("100 (+0..1)", fields["Seed"]);
        Assert.Equal(("20", "7.5", "ddim", "64×64", "tiny"), (fields["Steps"], fields["Guidance"], fields["Sampler"], fields["Size"], fields["Model"]));
        Assert.Equal(("3.0 s", "2.0 s"), (fields["Queue wait"], fields["Render time"]));
        Assert.Equal(["dream:reroll:42", "dream:vary:42", "dream:delete:42"], payload.Components![0].Components.Select(b => b.CustomId));
        Assert.Empty(payload.AllowedMentions.Parse);
    }

    [Fact]
    public void Build_OffersZoomOutAndPan_UnderASingleImageOnly_WithinFiveRows()
    {
        var (single, _) = ResultMessage.Build(Generation, "tiny", Result(flaggedSecond: true), new GuildSettings { SafetyPolicy = SafetyPolicy.Withhold }, TimeSpan.Zero, TimeSpan.Zero,
            [new ServedUpscaler("real-x2", 2), new ServedUpscaler("real-x4", 4)]);
        var (both, _) = ResultMessage.Build(Generation, "tiny", Result(flaggedSecond: false), new GuildSettings(), TimeSpan.Zero, TimeSpan.Zero);

        Assert.Equal(["Zoom out 1.5×", "Zoom out 2×"], single.Components![1].Components.Cast<Button>().Skip(2).Select(b => b.Label));
        Assert.Equal([("Pan left", "dream:pan:42:100:left"), ("Pan right", "dream:pan:42:100:right"), ("Pan up", "dream:pan:42:100:up"), ("Pan down", "dream:pan:42:100:down")],
            single.Components[3].Components.Cast<Button>().Select(b => (b.Label, b.CustomId)));
        Assert.Equal(5, single.Components.Count);
        Assert.DoesNotContain(both.Components!.SelectMany(r => r.Components), c => c.CustomId!.StartsWith(ResultButtons.ZoomOut, StringComparison.Ordinal) || c.CustomId.StartsWith(ResultButtons.Pan, StringComparison.Ordinal));
    }

    [Fact]
    public void Build_OffersVV1ToVNForTheImagesShown_AndNoneForAGrid()
    {
        var (separate, _) = ResultMessage.Build(Generation, "tiny", Result(flaggedSecond: true), new GuildSettings { SafetyPolicy = SafetyPolicy.Withhold }, TimeSpan.Zero, TimeSpan.Zero);
        var (grid, _) = ResultMessage.Build(Generation, "tiny", Result(flaggedSecond: false), new GuildSettings { ImageGrid = true }, TimeSpan.Zero, TimeSpan.Zero);
        var (both, _) = ResultMessage.Build(Generation, "tiny", Result(flaggedSecond: false), new GuildSettings(), TimeSpan.Zero, TimeSpan.Zero);

        // The withheld second image has no attachment to vary, so the one shown gets both strengths (and Zoom out).
        Assert.Equal(["dream:subtle:42:100", "dream:strong:42:100", "dream:zoom:42:100:1.5", "dream:zoom:42:100:2"], separate.Components![1].Components.Select(b => b.CustomId));
        Assert.DoesNotContain(grid.Components!.Skip(1).SelectMany(r => r.Components), c => c is Button);
        Assert.Equal([("V1", "dream:strong:42:100"), ("V2", "dream:strong:42:101")], both.Components![1].Components.Cast<Button>().Select(b => (b.Label, b.CustomId)));
    }

    [Fact]
    public void Build_OffersUpscaleX2AndX4UnderASingleImage_AndU1ToUNWithTheSmallestScaleUnderSeveral()
    {
        ServedUpscaler[] upscalers = [new("real-x4", 4), new("real-x2", 2)];
        var single = Copy(nsfw: false);
        single.Parameters = single.Parameters with { Count = 1 };

        var (one, _) = ResultMessage.Build(single, "tiny", Result(flaggedSecond: false) with { Images = [Result(false).Images[0]] }, new GuildSettings(), TimeSpan.Zero, TimeSpan.Zero, upscalers);
        var (two, _) = ResultMessage.Build(Generation, "tiny", Result(flaggedSecond: false), new GuildSettings(), TimeSpan.Zero, TimeSpan.Zero, upscalers);

        Assert.Equal([("Upscale ×2", "dream:upscale:42:100:2:real-x2"), ("Upscale ×4", "dream:upscale:42:100:4:real-x4"), ("Upscale (creative)", "dream:hires:42:100")], one.Components![2].Components.Cast<Button>().Select(b => (b.Label, b.CustomId)));
        Assert.Equal([("U1", "dream:upscale:42:100:2:real-x2"), ("U2", "dream:upscale:42:101:2:real-x2")], two.Components![2].Components.Cast<Button>().Select(b => (b.Label, b.CustomId)));
    }

    [Fact]
    public void Build_OffersOnlyTheScalesThatStayWithinTheUpscaleCap_AndNoRowWithoutUpscalers()
    {
        var large = Copy(nsfw: false);
        large.Parameters = large.Parameters with { Width = 2048, Height = 1024 };
        ServedUpscaler[] upscalers = [new("real-x2", 2), new("real-x4", 4)];

        var (capped, _) = ResultMessage.Build(large, "tiny", Result(flaggedSecond: false), new GuildSettings(), TimeSpan.Zero, TimeSpan.Zero, upscalers);
        var (atCap, _) = ResultMessage.Build(large, "tiny", Result(flaggedSecond: false), new GuildSettings(), TimeSpan.Zero, TimeSpan.Zero, [new("real-x4", 4)]);
        var (none, _) = ResultMessage.Build(Generation, "tiny", Result(flaggedSecond: false), new GuildSettings(), TimeSpan.Zero, TimeSpan.Zero);

        Assert.All(capped.Components![2].Components, b => Assert.EndsWith(":2:real-x2", b.CustomId, StringComparison.Ordinal));
        Assert.DoesNotContain(atCap.Components!.SelectMany(r => r.Components), c => c.CustomId!.StartsWith(ResultButtons.Upscale, StringComparison.Ordinal));
        Assert.DoesNotContain(none.Components!.SelectMany(r => r.Components), c => c.CustomId!.StartsWith(ResultButtons.Upscale, StringComparison.Ordinal));
    }

    [Fact]
    public void Build_OffersUpscaleCreativeAlone_UnderASingleImageNoScaleFits_WithinDiscordsFiveRows()
    {
        var large = Copy(nsfw: false);
        large.Parameters = large.Parameters with { Width = 2048, Height = 1024, Count = 1 };

        var (message, _) = ResultMessage.Build(large, "tiny", Result(flaggedSecond: false) with { Images = [Result(false).Images[0]] }, new GuildSettings(), TimeSpan.Zero, TimeSpan.Zero, [new("real-x4", 4)]);

        Assert.Equal([("Upscale (creative)", "dream:hires:42:100")], message.Components![2].Components.Cast<Button>().Select(b => (b.Label, b.CustomId)));
        Assert.InRange(message.Components.Count, 1, 5);
        Assert.All(message.Components, row => Assert.InRange(row.Components.Count, 1, 5));
    }

    [Fact]
    public void Build_SaysWhatWasLeftOut_WhenThePromptWasCut()
    {
        var result = Result(flaggedSecond: false) with { DroppedPromptText = "and a tiny boat" };

        var (payload, _) = ResultMessage.Build(Generation, "tiny", result, new GuildSettings(), TimeSpan.Zero, TimeSpan.Zero);

        var fields = payload.Embeds!.Single().Fields!.ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal("The prompt is longer than the model takes; this was left out: and a tiny boat", fields["Prompt cut"]);
    }

    [Fact]
    public void Build_MentionsNoCut_WhenThePromptFitted()
    {
        var (payload, _) = ResultMessage.Build(Generation, "tiny", Result(flaggedSecond: false), new GuildSettings(), TimeSpan.Zero, TimeSpan.Zero);

        Assert.DoesNotContain(payload.Embeds!.Single().Fields!, f => f.Name == "Prompt cut");
    }

    [Fact]
    public void Build_TilesTheBatchIntoOneImage_WhenTheGuildPrefersAGrid()
    {
        var (_, files) = ResultMessage.Build(Generation, "tiny", Result(flaggedSecond: false), new GuildSettings { ImageGrid = true }, TimeSpan.Zero, TimeSpan.Zero);

        var grid = Assert.Single(files);
        using var image = Image.Load(grid.Content.Span);
        Assert.Equal((128, 64), (image.Width, image.Height));
    }

    private static Generation Copy(bool nsfw) => new()
    {
        Id = Generation.Id, UserName = Generation.UserName, Parameters = Generation.Parameters, ChannelNsfw = nsfw,
    };

    private static GenerationResult Result(bool flaggedSecond) =>
        new([new GeneratedImage(TestImages.Solid(64, 64, Color.Red), 100, false), new GeneratedImage(TestImages.Solid(64, 64, Color.Blue), 101, flaggedSecond)], 100, 20, new GenerationTimings());
}
