using DreamBot.Worker.Rendering;
using System.Globalization;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Shared.Hosting;
using DreamBot.Shared.Jobs;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Worker.Hosting;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bench;

/// <summary>The real Worker host against a benchmark database and the fake Discord, and the requests it is given.</summary>
public static class BenchWorker
{
    public const long ChannelId = 1100000000000000003;
    public const long GuildId = 1100000000000000002;

    /// <summary>
    /// Starts a Worker with <paramref name="workers"/> job threads, each claiming up to <paramref name="maxBatch"/>
    /// requests; without a model it renders nothing, at once.
    /// </summary>
    public static async Task<WebApplication> StartAsync(string connectionString, FakeDiscord discord, int workers, int maxBatch, string? modelPath = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = connectionString,
            ["Discord:ApplicationId"] = FakeDiscord.ApplicationId.ToString(CultureInfo.InvariantCulture),
            ["Discord:BotToken"] = FakeDiscord.BotToken,
            ["Discord:ApiBaseUrl"] = discord.ApiBaseUrl,
            ["Model:Path"] = modelPath ?? "unused: the benchmark renders nothing",
            ["Model:Device"] = "Cpu",
            ["Queue:WorkerCount"] = workers.ToString(CultureInfo.InvariantCulture),
            ["Queue:MaxBatch"] = maxBatch.ToString(CultureInfo.InvariantCulture),
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.AddDreamBotDefaults();
        builder.AddWorkerServices();
        if (modelPath is null)
        {
            builder.Services.AddSingleton<IImageRenderer, NoOpRenderer>();
            // Nothing to load or warm: the model is never touched.
            builder.Services.Remove(builder.Services.Single(d => d.ImplementationType == typeof(ModelWarmup)));
        }
        var app = builder.Build();
        await app.StartAsync();
        return app;
    }

    /// <summary>Records a generation answering <paramref name="interaction"/> and sees to its slot, as the Bot does once it is released.</summary>
    public static async Task<long> EnqueueAsync(FakeInteraction interaction, long userId, DreamParameters parameters,
        IDbContextFactory<DreamBotDb> contexts, DreamSlots slots, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var generation = new Generation
        {
            UserId = userId,
            UserName = "bench",
            GuildId = GuildId,
            ChannelId = ChannelId,
            InteractionId = interaction.Id,
            InteractionToken = interaction.Token,
            Parameters = parameters,
            CostUnits = parameters.Cost,
            Status = GenerationStatus.Queued,
            QueuedAt = DateTimeOffset.UtcNow,
        };
        db.Generations.Add(generation);
        await db.SaveChangesAsync(cancellationToken);
        await slots.EnsureWaitingAsync(generation.Id, generation.Parameters.Model, cancellationToken);
        return generation.Id;
    }
}
