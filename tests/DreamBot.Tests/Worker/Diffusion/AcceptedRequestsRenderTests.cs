using DreamBot.Worker.Diffusion.Pipeline;
using System.Text.Json;
using System.Text.Json.Nodes;
using DreamBot.Bot.Dream;
using DreamBot.Bot.Intake;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Tests.Fakes.Gateway;
using DreamBot.Worker.Diffusion.Schedulers;
using DreamBot.Worker.Imaging;

namespace DreamBot.Tests.Worker.Diffusion;

/// <summary>Whatever /dream accepts, under any server's caps and any preferences, the pipeline accepts too.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class AcceptedRequestsRenderTests(TinyModelFixture models)
{
    private static readonly string[] Names = ["steps", "guidance", "width", "height", "sampler", "count", "strength", "seed", "negative"];

    [Fact]
    public async Task EveryRequestTheBotAccepts_PassesThePipelinesChecks_OverTheWholeOptionSpace()
    {
        using var pipeline = new StableDiffusionPipeline(models.Model(TinyModelFixture.Float32), ImageLimits.Default);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var random = new Random(2024);
        var accepted = 0;
        var imageToImage = 0;
        for (var i = 0; i < 3000; i++)
        {
            var withImage = random.Next(3) == 0;
            var options = Names.Where(_ => random.Next(2) == 0).Select(name => Option(name, random)).ToArray();
            var payload = withImage ? InteractionPayloads.DreamWithImage(100_000, "image/png", more: options) : InteractionPayloads.Dream("a fox", more: options);
            var limits = DreamLimits.WithOverrides(Maybe(random, 0, 1300), Maybe(random, -5, 200), Maybe(random, 0, 6), Maybe(random, 0, 30),
                random.Next(3) == 0 ? [.. Samplers.All.Where(_ => random.Next(2) == 0)] : []);
            var preferences = random.Next(2) == 0 ? null : new UserPreferences
            {
                Steps = Maybe(random, 1, 150), Guidance = random.Next(2) == 0 ? null : random.NextDouble() * 30,
                Width = Maybe(random, 4, 16) * 64, Height = Maybe(random, 4, 16) * 64, Count = Maybe(random, 1, 4),
                Sampler = random.Next(2) == 0 ? null : Samplers.All[random.Next(Samplers.All.Count)],
            };

            var parsed = DreamOptionsParser.Parse(Interaction(payload), new DreamDefaults(limits, preferences), random);
            if (parsed.Request is not { Parameters: var parameters })
                continue;
            accepted++;
            imageToImage += parameters.IsImageToImage ? 1 : 0;

            Assert.Empty(DreamRules.Problems(parameters, DreamLimits.Hard));
            var sampler = parameters.Sampler == Samplers.ModelsOwn ? pipeline.Model.DefaultSampler : parameters.Sampler;
            Assert.NotNull(SchedulerFactory.Create(sampler, pipeline.Model.SchedulerConfig, parameters.Steps));
            // A request the pipeline accepts waits for its turn, which the cancelled token ends; one it refuses throws ArgumentException first.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                pipeline.GenerateAsync(parameters, parameters.IsImageToImage ? [1, 2, 3] : null, null, cancelled.Token));
        }

        Assert.InRange(accepted, 300, 3000);
        Assert.InRange(imageToImage, 50, accepted);
    }

    private static (string, int, JsonNode?) Option(string name, Random random) => name switch
    {
        "steps" => (name, 4, random.Next(-2, 160)),
        "guidance" => (name, 10, Math.Round(random.NextDouble() * 34 - 2, 2)),
        "width" or "height" => (name, 4, random.Next(3, 18) * 64 + (random.Next(10) == 0 ? 1 : 0)),
        "sampler" => (name, 3, random.Next(12) == 0 ? "plms" : Samplers.All[random.Next(Samplers.All.Count)]),
        "count" => (name, 4, random.Next(0, 6)),
        "strength" => (name, 10, Math.Round(random.NextDouble() * 1.1, random.Next(1, 4))),
        "seed" => (name, 4, random.NextInt64(-1, DreamLimits.MaxSeed + 2)),
        _ => (name, 3, "blurry"),
    };

    private static int? Maybe(Random random, int min, int max) => random.Next(2) == 0 ? null : random.Next(min, max + 1);

    private static Interaction Interaction(JsonObject payload) =>
        InteractionJson.TryParse(JsonSerializer.SerializeToUtf8Bytes(payload)) ?? throw new InvalidOperationException("unparseable");
}
