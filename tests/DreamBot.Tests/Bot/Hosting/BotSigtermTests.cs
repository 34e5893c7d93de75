using System.Diagnostics;
using System.Globalization;
using DreamBot.Bot.Dispatch;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Fakes.Gateway;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Bot.Hosting;

/// <summary>The real Bot process in Gateway mode receives SIGTERM while an acknowledgement is on its way to Discord.</summary>
public sealed class BotSigtermTests : IAsyncLifetime
{
    private const string CallbackRoute = "POST /interactions/{interaction_id}/{interaction_token}/callback";
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(30);
    private readonly FakeGateway _gateway = new();
    private FakeDiscord _discord = null!;

    public async Task InitializeAsync() => _discord = await FakeDiscord.StartAsync(_gateway.Map);

    public async Task DisposeAsync() => await _discord.DisposeAsync();

    [Fact]
    public async Task Sigterm_ExitsWithZeroWithinTheGracePeriod_AfterAnsweringTheInteractionInFlight()
    {
        using var bot = DotnetProcess.Start("Bot", [], new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = "Host=127.0.0.1;Port=1;Database=unused",
            ["Discord__ApplicationId"] = FakeDiscord.ApplicationId.ToString(CultureInfo.InvariantCulture),
            ["Discord__BotToken"] = FakeDiscord.BotToken,
            ["Discord__ApiBaseUrl"] = _discord.ApiBaseUrl,
            ["Discord__Mode"] = "Gateway",
            ["Discord__DevGuildId"] = "1100000000000000002",
            ["Shutdown__GracePeriod"] = "00:00:30",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        });
        // Drained so the child never blocks on a full pipe.
        var output = bot.StandardOutput.ReadToEndAsync();
        var errors = bot.StandardError.ReadToEndAsync();
        try
        {
            await _gateway.WaitUntilAsync(g => g.Connected && g.Count("identify") == 1, TimeSpan.FromSeconds(60), "identified");
            _discord.InjectFault(CallbackRoute, new StallFault(TimeSpan.FromSeconds(3)));
            var interaction = _discord.CreateInteraction(InteractionPayloads.ChannelId);
            await _gateway.DispatchInteractionAsync(InteractionPayloads.Command("paint", id: interaction.Id, token: interaction.Token));
            await Eventually.TrueAsync(() => _discord.RequestsTo(CallbackRoute).Count == 1, TimeSpan.FromSeconds(60), "acknowledgement sent");
            Assert.Null(interaction.CallbackType);

            var stopwatch = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", ["-TERM", bot.Id.ToString(CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            using var deadline = new CancellationTokenSource(GracePeriod + TimeSpan.FromSeconds(5));
            await bot.WaitForExitAsync(deadline.Token);

            Assert.True(bot.ExitCode == 0, $"exit code {bot.ExitCode}: {await output}{await errors}");
            Assert.True(stopwatch.Elapsed < GracePeriod, $"took {stopwatch.Elapsed}");
            Assert.Equal(4, interaction.CallbackType);
            Assert.Equal(InteractionDispatcher.UnknownCommand, _discord.RequestsTo(CallbackRoute).Single().Json!["data"]!["content"]!.GetValue<string>());
        }
        finally
        {
            if (!bot.HasExited)
                bot.Kill(entireProcessTree: true);
        }
    }
}
