using System.Text.Json;
using System.Text.Json.Nodes;
using DreamBot.Bot.Dream;
using DreamBot.Bot.Intake;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Tests.Fakes.Gateway;

namespace DreamBot.Tests.Bot.Dream;

public sealed class DreamOptionsParserTests
{
    private static DreamParseResult Parse(JsonObject payload, DreamLimits? limits = null) =>
        DreamOptionsParser.Parse(
            InteractionJson.TryParse(JsonSerializer.SerializeToUtf8Bytes(payload)) ?? throw new InvalidOperationException("unparseable"),
            limits ?? DreamLimits.Standard,
            new Random(7));

    private static string SingleProblem(DreamParseResult result)
    {
        Assert.Null(result.Request);
        return Assert.Single(result.Problems);
    }

    [Fact]
    public void Parse_AppliesDefaultsAndOrigin_WhenOnlyThePromptIsGiven()
    {
        var payload = InteractionPayloads.Dream("  a red fox  ", id: 1234567890123456789, token: "tok");

        var request = Parse(payload).Request!;

        Assert.Equal("a red fox", request.Parameters.Prompt);
        Assert.Equal("", request.Parameters.NegativePrompt);
        Assert.Equal(DreamLimits.DefaultSteps, request.Parameters.Steps);
        Assert.Equal(DreamLimits.DefaultGuidance, request.Parameters.Guidance);
        Assert.Equal((512, 512), (request.Parameters.Width, request.Parameters.Height));
        Assert.Equal(DreamLimits.DefaultSampler, request.Parameters.Sampler);
        Assert.Equal(1, request.Parameters.Count);
        Assert.Null(request.Parameters.InitImage);
        Assert.Null(request.Parameters.Strength);
        Assert.InRange(request.Parameters.Seed, 0, DreamLimits.MaxSeed);
        Assert.Equal(new DreamRequestOrigin(InteractionPayloads.UserId, "Painter", InteractionPayloads.GuildId, InteractionPayloads.ChannelId,
            false, InteractionPayloads.ApplicationId, 1234567890123456789, "tok", HasModeratorPermissions: false), request.Origin with { RoleIds = null });
        Assert.Equal([1100000000000000009L], request.Origin.Roles);
    }

    private static readonly ServedModel Turbo = new() { Name = "sd-turbo", DefaultSteps = 1, MaxSteps = 4, DefaultGuidance = 0 };
    private static readonly ServedModel Sd15 = new() { Name = "sd15" };
    private static readonly ServedModel Sd2 = new() { Name = "sd2", DefaultWidth = 768, DefaultHeight = 768 };
    private static readonly ServedModel SmallOnly = new() { Name = "small", DefaultWidth = 512, DefaultHeight = 512, MaxSide = 512 };

    private static DreamParseResult ParseWithModels(JsonObject payload, UserPreferences? preferences = null) =>
        DreamOptionsParser.Parse(
            InteractionJson.TryParse(JsonSerializer.SerializeToUtf8Bytes(payload))!,
            new DreamDefaults(DreamLimits.Standard, preferences) { Models = [Sd15, Turbo] },
            new Random(7));

    [Fact]
    public void Parse_AFewStepModel_TakesItsOwnStepsAndGuidance_OverTheUsersPreferences()
    {
        var payload = InteractionPayloads.Dream("a fox", more: [("model", 3, "SD-Turbo ")]);

        var request = ParseWithModels(payload, new UserPreferences { Steps = 30, Guidance = 9 }).Request!;

        Assert.Equal(("sd-turbo", 1, 0.0), (request.Parameters.Model, request.Parameters.Steps, request.Parameters.Guidance));
    }

    private static DreamParseResult ParseWithSizedModels(JsonObject payload, DreamLimits limits, UserPreferences? preferences = null) =>
        DreamOptionsParser.Parse(
            InteractionJson.TryParse(JsonSerializer.SerializeToUtf8Bytes(payload))!,
            new DreamDefaults(limits, preferences) { Models = [Sd2, SmallOnly] },
            new Random(7));

    [Fact]
    public void Parse_AModelTrainedAt768_TakesItsOwnSize_OverTheUsersPreferences()
    {
        var payload = InteractionPayloads.Dream("a fox", more: [("model", 3, "sd2")]);

        var request = ParseWithSizedModels(payload, DreamLimits.Standard, new UserPreferences { Width = 512, Height = 512 }).Request!;

        Assert.Equal((768, 768), (request.Parameters.Width, request.Parameters.Height));
    }

    [Fact]
    public void Parse_KeepsTheModelsOwnSize_WithinTheServersCap()
    {
        var payload = InteractionPayloads.Dream("a fox", more: [("model", 3, "sd2")]);

        var request = ParseWithSizedModels(payload, DreamLimits.WithOverrides(640, null, null, null, [])).Request!;

        Assert.Equal((640, 640), (request.Parameters.Width, request.Parameters.Height));
    }

    [Fact]
    public void Parse_RefusesASideBeyondTheModelsOwnCap()
    {
        var payload = InteractionPayloads.Dream("a fox", more: [("model", 3, "small"), ("width", 4, 640)]);

        var result = ParseWithSizedModels(payload, DreamLimits.Standard);

        Assert.Null(result.Request);
        Assert.Contains("`small` is made for sides up to 512; choose `width` and `height` of 512 or less.", result.Problems);
    }

    [Fact]
    public void Parse_WithoutAModel_LeavesTheChoiceToTheWorkers_AndUsesThePreferences()
    {
        var request = ParseWithModels(InteractionPayloads.Dream("a fox"), new UserPreferences { Steps = 30 }).Request!;

        Assert.Equal(("", 30), (request.Parameters.Model, request.Parameters.Steps));
    }

    [Fact]
    public void Parse_RefusesMoreStepsThanTheModelIsMadeFor()
    {
        var payload = InteractionPayloads.Dream("a fox", more: [("model", 3, "sd-turbo"), ("steps", 4, 20)]);

        Assert.Equal("`sd-turbo` is made for 1 to 4 steps; choose `steps` of 4 or fewer.", SingleProblem(ParseWithModels(payload)));
    }

    [Fact]
    public void Parse_RefusesAModelNoWorkerServes_NamingTheOnesThatAre()
    {
        var payload = InteractionPayloads.Dream("a fox", more: [("model", 3, "sdxl")]);

        Assert.Equal("No worker serves the model `sdxl` right now. Available: `sd15`, `sd-turbo`.", SingleProblem(ParseWithModels(payload)));
    }

    [Fact]
    public void Parse_ChoosesDifferentSeeds_WhenSeedIsOmitted()
    {
        var seeds = Enumerable.Range(0, 5).Select(i => DreamOptionsParser.Parse(
            InteractionJson.TryParse(JsonSerializer.SerializeToUtf8Bytes(InteractionPayloads.Dream()))!, DreamLimits.Standard, new Random(i)).Request!.Parameters.Seed);

        Assert.True(seeds.Distinct().Count() > 1);
    }

    [Fact]
    public void Parse_KeepsEveryGivenOption()
    {
        var payload = InteractionPayloads.Dream("castle", more:
        [
            ("negative", 3, "blurry"), ("seed", 4, 42), ("steps", 4, 20), ("guidance", 10, 9.5),
            ("width", 4, 768), ("height", 4, 512), ("sampler", 3, "ddim"), ("count", 4, 3),
        ]);

        var request = Parse(payload).Request!;

        Assert.Equal(("castle", "blurry", 42L, 20, 9.5), (request.Parameters.Prompt, request.Parameters.NegativePrompt, request.Parameters.Seed, request.Parameters.Steps, request.Parameters.Guidance));
        Assert.Equal((768, 512, "ddim", 3), (request.Parameters.Width, request.Parameters.Height, request.Parameters.Sampler, request.Parameters.Count));
    }

    [Fact]
    public void Parse_ReadsTheInitImage_WithDefaultStrength()
    {
        var request = Parse(InteractionPayloads.DreamWithImage(200_000, "image/png")).Request!;

        Assert.Equal("https://cdn.discordapp.com/ephemeral-attachments/1/2/start.png", request.Parameters.InitImage);
        Assert.Equal(DreamLimits.DefaultStrength, request.Parameters.Strength);
    }

    [Fact]
    public void Parse_RejectsAnEmptyPrompt_AfterTrimming() =>
        Assert.Contains("`prompt` is empty", SingleProblem(Parse(InteractionPayloads.Dream("   "))), StringComparison.Ordinal);

    [Fact]
    public void Parse_RejectsAnOverlongPrompt() =>
        Assert.Contains("shorten it to at most 1000", SingleProblem(Parse(InteractionPayloads.Dream(new string('a', 1001)))), StringComparison.Ordinal);

    [Fact]
    public void Parse_RejectsAnOverlongNegativePrompt() =>
        Assert.Contains("`negative` prompt is 1001 characters", SingleProblem(Parse(InteractionPayloads.Dream(more: [("negative", 3, new string('b', 1001))]))), StringComparison.Ordinal);

    [Fact]
    public void Parse_RejectsStrength_WithoutAnImage() =>
        Assert.Equal("`strength` only applies to image-to-image: attach an `image` or remove `strength`.",
            SingleProblem(Parse(InteractionPayloads.Dream(more: [("strength", 10, 0.5)]))));

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    public void Parse_RejectsStrengthOutOfRange_WithAnImage(double strength) =>
        Assert.Contains("`strength` must be above 0 and at most 1", SingleProblem(Parse(InteractionPayloads.DreamWithImage(1000, "image/png", more: [("strength", 10, strength)]))), StringComparison.Ordinal);

    [Fact]
    public void Parse_RejectsAnImageLargerThanTheInteractionsUploadLimit() =>
        Assert.Equal("The attached `image` is 3.0 MB; the limit is 2.0 MB: attach a smaller image.",
            SingleProblem(Parse(InteractionPayloads.DreamWithImage(3 * 1024 * 1024, "image/png", attachmentSizeLimit: 2 * 1024 * 1024))));

    [Fact]
    public void Parse_RejectsAnImageLargerThanTheLimits_EvenWhenDiscordAllowsIt() =>
        Assert.Contains("the limit is 8.0 MB", SingleProblem(Parse(InteractionPayloads.DreamWithImage(9 * 1024 * 1024, "image/png", attachmentSizeLimit: 100 * 1024 * 1024))), StringComparison.Ordinal);

    [Theory]
    [InlineData("application/pdf")]
    [InlineData("image/gif")]
    public void Parse_RejectsAnAttachmentThatIsNotASupportedImage(string contentType) =>
        Assert.Equal($"The attached `image` is {contentType}, not a picture: attach a PNG, JPEG or WebP image.",
            SingleProblem(Parse(InteractionPayloads.DreamWithImage(1000, contentType))));

    [Fact]
    public void Parse_AcceptsJpegWithParameters() =>
        Assert.NotNull(Parse(InteractionPayloads.DreamWithImage(1000, "image/jpeg; charset=binary")).Request);

    [Fact]
    public void Parse_RejectsAnAttachmentMissingFromResolved()
    {
        var payload = InteractionPayloads.Dream(more: [("image", 11, "999")]);
        Assert.Contains("could not be read", SingleProblem(Parse(payload)), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RejectsTooManyPixels() =>
        Assert.Equal("1024×1024 is 1,048,576 pixels; this server allows at most 589,824 (768×768): choose a smaller `width` or `height`.",
            SingleProblem(Parse(InteractionPayloads.Dream(more: [("width", 4, 1024), ("height", 4, 1024)]))));

    [Fact]
    public void Parse_AllowsTheLargestSizeWithinTheCap() =>
        Assert.NotNull(Parse(InteractionPayloads.Dream(more: [("width", 4, 1024), ("height", 4, 512)])).Request);

    [Theory]
    [InlineData(200)]
    [InlineData(500)]
    [InlineData(2048)]
    public void Parse_RejectsASideThatIsNotAnOfferedSize(int width) =>
        Assert.Contains("`width` must be a multiple of 64 between 256 and 1024", string.Join('\n', Parse(InteractionPayloads.Dream(more: [("width", 4, width)])).Problems), StringComparison.Ordinal);

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public void Parse_RejectsStepsOutsideTheLimits(int steps) =>
        Assert.Equal("`steps` must be between 1 and 50 here: lower `steps` to 50 or less.", SingleProblem(Parse(InteractionPayloads.Dream(more: [("steps", 4, steps)]))));

    [Fact]
    public void Parse_UsesTheGivenLimits_NotOnlyTheDefaults()
    {
        var strict = DreamLimits.Standard with { MaxSteps = 10, MaxCount = 1, AllowedSamplers = ["euler"] };

        var problems = Parse(InteractionPayloads.Dream(more: [("steps", 4, 20), ("count", 4, 2), ("sampler", 3, "euler_a")]), strict).Problems;
        // An omitted sampler falls back to one the guild allows rather than to a refusal.
        var omitted = Parse(InteractionPayloads.Dream(), strict).Request!;

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("`steps` must be between 1 and 10", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("`count` must be between 1 and 1", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("sampler `euler_a` is not available here: choose one of euler", StringComparison.Ordinal));
        Assert.Equal(("euler", 10), (omitted.Parameters.Sampler, omitted.Parameters.Steps));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(30.5)]
    public void Parse_RejectsGuidanceOutOfRange(double guidance) =>
        Assert.Contains("`guidance` must be between 0 and 30", SingleProblem(Parse(InteractionPayloads.Dream(more: [("guidance", 10, guidance)]))), StringComparison.Ordinal);

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Parse_RejectsCountOutOfRange(int count) =>
        Assert.Contains("`count` must be between 1 and 4", SingleProblem(Parse(InteractionPayloads.Dream(more: [("count", 4, count)]))), StringComparison.Ordinal);

    [Theory]
    [InlineData(-1L)]
    [InlineData(4294967296L)]
    public void Parse_RejectsSeedOutOfRange(long seed) =>
        Assert.Contains("`seed` must be between 0 and 4294967295", SingleProblem(Parse(InteractionPayloads.Dream(more: [("seed", 4, seed)]))), StringComparison.Ordinal);

    [Fact]
    public void Parse_RejectsAnUnknownSampler() =>
        Assert.Contains("sampler `plms` is not available", SingleProblem(Parse(InteractionPayloads.Dream(more: [("sampler", 3, "plms")]))), StringComparison.Ordinal);

    [Fact]
    public void Parse_RejectsAValueOfTheWrongType() =>
        Assert.Equal("`steps` must be a whole number.", SingleProblem(Parse(InteractionPayloads.Dream(more: [("steps", 4, "many")]))));

    [Fact]
    public void Parse_ReportsEveryProblemAtOnce()
    {
        var problems = Parse(InteractionPayloads.Dream(" ", more: [("steps", 4, 0), ("strength", 10, 0.5)])).Problems;

        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void Parse_TakesTheUserFromTopLevel_InDirectMessages()
    {
        var payload = InteractionPayloads.Dream();
        payload.Remove("member");
        payload.Remove("guild_id");
        payload["user"] = new JsonObject { ["id"] = "1500000000000000001", ["username"] = "dm-user" };

        var origin = Parse(payload).Request!.Origin;

        Assert.Equal((1500000000000000001L, "dm-user", (long?)null), (origin.UserId, origin.UserName, origin.GuildId));
    }
}
