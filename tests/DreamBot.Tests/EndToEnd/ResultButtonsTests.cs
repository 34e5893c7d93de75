using DreamBot.Bot.Intake;
using DreamBot.Bot.ResultControls;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Tests.EndToEnd.Faults;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Tests.EndToEnd;

public sealed class ResultButtonsTests : IAsyncLifetime
{
    private DreamBotSystem _system = null!;

    public async Task InitializeAsync() => _system = await DreamBotSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Reroll_QueuesTheSameSettingsWithANewSeed_AndPostsANewResult()
    {
        var (parent, message) = await DreamAndWaitAsync();

        var (click, ack) = await _system.ClickAsync(message, ResultButtons.Reroll + parent.Id);

        Assert.StartsWith("Queued — position", await _system.Discord.AnswerAsync(click, ack), StringComparison.Ordinal);
        var result = await ResultOfAsync(click);
        var child = await GenerationOfAsync(click);
        Assert.Equal((parent.Parameters.Prompt, parent.Parameters.Steps, parent.Parameters.Width, parent.Parameters.Sampler, parent.Parameters.Count), (child.Parameters.Prompt, child.Parameters.Steps, child.Parameters.Width, child.Parameters.Sampler, child.Parameters.Count));
        Assert.NotEqual(parent.Parameters.Seed, child.Parameters.Seed);
        Assert.Single(result.Attachments);
        Assert.Empty(_system.Discord.ValidationFailures);
    }

    [Fact]
    public async Task Variations_RendersThreeImagesAtTheNextSeeds()
    {
        var (parent, message) = await DreamAndWaitAsync();

        var (click, _) = await _system.ClickAsync(message, ResultButtons.Variations + parent.Id);

        var result = await ResultOfAsync(click);
        var child = await GenerationOfAsync(click);
        Assert.Equal((parent.Parameters.Seed + 1, 3), (child.Parameters.Seed, child.Parameters.Count));
        Assert.Equal(3, result.Attachments.Count);
        Assert.All(Enumerable.Range(1, 3), i => Assert.Contains(result.Attachments, a => a.Filename.EndsWith($"-{parent.Parameters.Seed + i}.png", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Variations_AnsweredLate_ArePostedAsANewMessage_LeavingTheResultClickedOnAsItWas()
    {
        var (parent, message) = await DreamAndWaitAsync();
        var shown = message.Attachments.Select(a => a.Filename).ToList();

        await using var db = _system.Database.CreateContext();
        var click = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            // The requester's intake lock, held past the acknowledgement budget: the click can only be deferred.
            var origin = new DreamRequestOrigin(parent.UserId, UserName: "", parent.GuildId, parent.ChannelId,
                ChannelNsfw: false, ApplicationId: 0, InteractionId: 0, InteractionToken: "");
            await IntakeLocks.TakeAsync(db, origin, CancellationToken.None);
            var (click, ack) = await _system.ClickAsync(message, ResultButtons.Variations + parent.Id);
            Assert.Equal(5, ack["type"]!.GetValue<int>());
            await transaction.CommitAsync();
            return click;
        });

        var result = await ResultOfAsync(click);
        Assert.NotSame(message, result);
        Assert.Equal(3, result.Attachments.Count);
        Assert.Equal(shown, message.Attachments.Select(a => a.Filename));
        Assert.Empty(_system.Discord.ValidationFailures);
    }

    [Theory]
    [InlineData(ResultButtons.VarySubtle, ResultButtons.SubtleStrength)]
    [InlineData(ResultButtons.VaryStrong, ResultButtons.StrongStrength)]
    public async Task Vary_StartsFromThePostedImage_AtItsStrength_AsANewChargedGenerationWithItsParent(string prefix, double strength)
    {
        var (parent, message) = await DreamAndWaitAsync();
        var image = Assert.Single(message.Attachments);

        var (click, ack) = await _system.ClickAsync(message, prefix + FormattableString.Invariant($"{parent.Id}:{parent.Parameters.Seed}"));

        Assert.StartsWith("Queued — position", await _system.Discord.AnswerAsync(click, ack), StringComparison.Ordinal);
        var result = await ResultOfAsync(click);
        var child = await _system.FinishedAsync(click.Id);
        Assert.True(child is { Status: GenerationStatus.Succeeded, Refunded: false }, $"{child.Status}: {child.Error}\n{_system.Problems()}");
        Assert.Equal(parent.Parameters with { InitImage = image.Url, Strength = strength, Seed = child.Parameters.Seed }, child.Parameters);
        Assert.Equal(parent.Id, child.ParentGenerationId);
        Assert.True(child.CostUnits > 0);
        var size = SixLabors.ImageSharp.Image.Identify(result.Attachments.Single().Content);
        Assert.Equal((256, 256), (size.Width, size.Height));
        Assert.EndsWith(FormattableString.Invariant($"from generation {parent.Id}"), result.Embeds.Single()!["footer"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_system.Discord.ValidationFailures);
    }

    [Fact]
    public async Task Vary_OfAnImageNoLongerOnTheMessage_IsRefusedPrivately()
    {
        var (parent, message) = await DreamAndWaitAsync();

        var (click, ack) = await _system.ClickAsync(message, ResultButtons.VaryStrong + FormattableString.Invariant($"{parent.Id}:{parent.Parameters.Seed + 1}"));

        Assert.Equal((VaryButton.ImageGone, true), await _system.Discord.ReplyAsync(click, ack));
    }

    [Fact]
    public async Task Delete_IsRefusedForSomeoneElse_AndReplacesTheResultForTheRequester()
    {
        var (parent, message) = await DreamAndWaitAsync();

        var (refusal, refused) = await _system.ClickAsync(message, ResultButtons.Delete + parent.Id, userId: 1100000000000000077, permissions: "0");
        var (deletion, deleted) = await _system.ClickAsync(message, ResultButtons.Delete + parent.Id);

        Assert.True((await _system.Discord.ReplyAsync(refusal, refused)).Private);
        var (answer, isPrivate) = await _system.Discord.ReplyAsync(deletion, deleted);
        Assert.False(isPrivate);
        Assert.StartsWith("🗑️ Image deleted by", answer, StringComparison.Ordinal);
        // A deferred deletion's edit is recorded as it arrives, just before the fake applies it.
        await Eventually.TrueAsync(() => message.Content == answer, TimeSpan.FromSeconds(60), "the result replaced");
        Assert.Empty(message.Attachments);
        Assert.Empty(message.Components);
    }

    [Fact]
    public async Task ButtonsAndRatings_NamingAnotherResult_AreRefusedUnderThisOne_AndChangeNothing()
    {
        var (other, _) = await DreamAndWaitAsync();
        var (_, message) = await DreamAndWaitAsync();

        var (delete, deleteAck) = await _system.ClickAsync(message, ResultButtons.Delete + other.Id);
        var (reroll, rerollAck) = await _system.ClickAsync(message, ResultButtons.Reroll + other.Id);
        var (rate, rateAck) = await _system.SelectAsync(message, ResultRatings.CustomId(other.Id, 1), [ResultRatings.OptionValue(other.Parameters.Seed, 10)], 1100000000000000077);

        foreach (var (interaction, ack) in new[] { (delete, deleteAck), (reroll, rerollAck), (rate, rateAck) })
            Assert.Equal((ClickedResult.NotThisResult, true), await _system.Discord.ReplyAsync(interaction, ack));
        await using var db = _system.Database.CreateContext();
        Assert.Null((await db.Generations.AsNoTracking().SingleAsync(g => g.Id == other.Id)).DeletedAt);
        Assert.Equal(2, await db.Generations.CountAsync());
        Assert.Equal(0, await db.Ratings.CountAsync());
    }

    [Fact]
    public async Task Buttons_StillWork_AfterBotAndWorkerRestart_OnAResultDaysOld()
    {
        var (parent, message) = await DreamAndWaitAsync();
        await using (var db = _system.Database.CreateContext())
        {
            var daysAgo = DateTimeOffset.UtcNow.AddDays(-4);
            await db.Generations.Where(g => g.Id == parent.Id).ExecuteUpdateAsync(s => s
                .SetProperty(g => g.QueuedAt, daysAgo).SetProperty(g => g.StartedAt, daysAgo).SetProperty(g => g.FinishedAt, daysAgo));
        }
        await _system.StopWorkersAsync();
        await _system.StopBotAsync();
        await _system.StartBotAsync();
        await _system.StartWorkerAsync();

        var (click, _) = await _system.ClickAsync(message, ResultButtons.Reroll + parent.Id);

        var result = await ResultOfAsync(click);
        Assert.Single(result.Attachments);
    }

    private async Task<(Generation Generation, FakeMessage Message)> DreamAndWaitAsync()
    {
        var (interaction, _) = await _system.DreamAsync("a quiet harbour",
            ("steps", 4, 3), ("width", 4, 256), ("height", 4, 256), ("sampler", 3, "ddim"), ("seed", 4, 4000));
        var message = await ResultOfAsync(interaction);
        return (await GenerationOfAsync(interaction), message);
    }

    private async Task<FakeMessage> ResultOfAsync(FakeInteraction interaction)
    {
        await Eventually.TrueAsync(() => interaction.Original?.Components.Count > 0, TimeSpan.FromSeconds(60), () => "a result was posted\n" + _system.Problems());
        return interaction.Original!;
    }

    private async Task<Generation> GenerationOfAsync(FakeInteraction interaction)
    {
        await using var db = _system.Database.CreateContext();
        return await db.Generations.AsNoTracking().SingleAsync(g => g.InteractionId == interaction.Id);
    }
}
