using DreamBot.ModelBuilder;
using DreamBot.Tests.EndToEnd.Faults;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.EndToEnd;

/// <summary>A worker publishes the size its model was trained at, and /dream uses it when the user names none.</summary>
public sealed class ModelSizeDefaultsTests : IAsyncLifetime
{
    private DreamBotSystem _system = null!;
    private string _sd2 = null!;

    public async Task InitializeAsync()
    {
        _system = await DreamBotSystem.StartAsync(workers: 0);
        _sd2 = TestPaths.NewTempDirectory("sd2");
        TinyModelGenerator.Write(_sd2, TestPaths.Clip, new TinyModelOptions(Family: ModelFamily.Sd2));
        await _system.StartWorkerAsync(new()
        {
            ["Model:Models:0:Name"] = "sd2",
            ["Model:Models:0:Path"] = _sd2,
            ["Model:Models:0:MaxSide"] = "768",
        });
        await _system.UntilModelPublishedAsync("sd2");
    }

    public async Task DisposeAsync()
    {
        await _system.DisposeAsync();
        Directory.Delete(_sd2, recursive: true);
    }

    [Fact]
    public async Task Dream_WithoutASize_TakesTheSizeTheModelWasTrainedAt()
    {
        await using (var db = _system.Database.CreateContext())
        {
            var published = await db.ServedModels.SingleAsync(m => m.Name == "sd2");
            // unet/config.json sample_size 96 times the VAE factor 8, as Stable Diffusion 2.x-v ships.
            Assert.Equal((768, 768, 768), (published.DefaultWidth, published.DefaultHeight, published.MaxSide));
        }

        var (interaction, ack) = await _system.DreamAsync("a red fox", ("model", 3, "sd2"), ("steps", 4, 1));

        Assert.StartsWith("Queued", await _system.Discord.AnswerAsync(interaction, ack), StringComparison.Ordinal);
        await using var check = _system.Database.CreateContext();
        var row = await check.Generations.AsNoTracking().SingleAsync(g => g.InteractionId == interaction.Id);
        Assert.Equal((768, 768), (row.Parameters.Width, row.Parameters.Height));
    }
}
