using DreamBot.Bot.Models;
using DreamBot.ModelBuilder;
using DreamBot.Tests.Infrastructure;
using DreamBot.Tests.Worker.Diffusion;
using DreamBot.Worker.Cli;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.EndToEnd;

/// <summary>Every model family DreamBot runs, served by one Worker, through /dream model:… and the command line alike.</summary>
public sealed class ModelFamiliesEndToEndTests(ModelFamiliesEndToEndTests.EveryFamilyServed served) : IClassFixture<ModelFamiliesEndToEndTests.EveryFamilyServed>
{
    private static string PathOf(string name) => EveryFamilyServed.PathOf(name);

    /// <summary>One system, started once for every case: a Worker serving a tiny model of each family.</summary>
    public sealed class EveryFamilyServed : IAsyncLifetime
    {
        private static readonly (string Name, TinyModelOptions Options)[] Models =
        [
            ("sdxl", new TinyModelOptions(Family: ModelFamily.Sdxl, Layout: ExportLayout.Optimum)),
            ("sdxl-turbo", new TinyModelOptions(Family: ModelFamily.SdxlTurbo, Layout: ExportLayout.DiffusersScript, Float16: true)),
            ("sd2", new TinyModelOptions(Family: ModelFamily.Sd2, Layout: ExportLayout.OptimumOld)),
            ("lcm", new TinyModelOptions(Family: ModelFamily.Lcm, Layout: ExportLayout.Optimum)),
        ];

        private static readonly string Root = TestPaths.NewTempDirectory("families");

        public DreamBotSystem System { get; private set; } = null!;

        public static string PathOf(string name) => Path.Combine(Root, name);

        public async Task InitializeAsync()
        {
            System = await DreamBotSystem.StartAsync(workers: 0);
            var settings = new Dictionary<string, string?>();
            for (var i = 0; i < Models.Length; i++)
            {
                TinyModelGenerator.Write(PathOf(Models[i].Name), TestPaths.Clip, Models[i].Options);
                settings[$"Model:Models:{i}:Name"] = Models[i].Name;
                settings[$"Model:Models:{i}:Path"] = PathOf(Models[i].Name);
            }
            await System.StartWorkerAsync(settings);
            var live = System.Bot!.Services.GetRequiredService<LiveModels>();
            await Eventually.TrueAsync(() => Task.FromResult(Models.All(m => live.Names().Contains(m.Name))),
                TimeSpan.FromSeconds(90), () => "the worker went live with every model\n" + System.Problems());
        }

        public async Task DisposeAsync()
        {
            await System.DisposeAsync();
            Directory.Delete(Root, recursive: true);
        }
    }

    [Theory]
    [InlineData("sdxl", 3, 5.0)]
    [InlineData("sdxl-turbo", 1, 0.0)]
    [InlineData("sd2", 3, 7.5)]
    [InlineData("lcm", 4, 8.0)]
    public async Task DreamWithTheModel_PostsThePixelsTheCommandLineWritesForTheSameSeed(string model, int steps, double guidance)
    {
        var (interaction, _) = await served.System.DreamAsync("a lighthouse at dusk", ("model", 3, model), ("steps", 4, steps),
            ("guidance", 10, guidance), ("seed", 4, 4242), ("width", 4, 256), ("height", 4, 256));
        await Eventually.TrueAsync(() => interaction.Original?.Components.Count > 0, TimeSpan.FromSeconds(90), () => "a result was posted\n" + served.System.Problems());
        var posted = interaction.Original!.Attachments[0].Content;

        var output = Path.Combine(TestPaths.NewTempDirectory("families-cli"), "out.png");
        var exit = await WorkerCli.RunAsync(["generate", "--model", PathOf(model), "--device", "cpu", "--out", output, "--prompt", "a lighthouse at dusk",
            "--steps", $"{steps}", "--guidance", FormattableString.Invariant($"{guidance}"), "--seed", "4242", "--width", "256", "--height", "256"]);

        Assert.Equal(0, exit);
        Assert.Equal(StableDiffusionPipelineTests.Pixels(await File.ReadAllBytesAsync(output)), StableDiffusionPipelineTests.Pixels(posted));
        await using var db = served.System.Database.CreateContext();
        var row = await db.Generations.AsNoTracking().SingleAsync(g => g.InteractionId == interaction.Id);
        Assert.Equal((model, steps), (row.Parameters.Model, row.Parameters.Steps));
        Assert.Empty(served.System.Discord.ValidationFailures);
    }
}
