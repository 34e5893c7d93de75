using DreamBot.Bot.Dream;
using DreamBot.Bot.Moderation;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using DreamBot.Shared.Text;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Bot.Moderation;

/// <summary>Spellings the model reads as a blocked word are refused, in the prompt and in the negative prompt.</summary>
public sealed class PromptFilterTests : IAsyncLifetime
{
    private const long Guild = 700;
    private readonly PostgresDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        db.BlockedTerms.Add(new BlockedTerm { GuildId = Guild, Term = "Nude", NormalizedTerm = TermNormalizer.Normalize("Nude"), AddedBy = 1, AddedAt = DateTimeOffset.UnixEpoch });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    public static TheoryData<string> Bypasses => new()
    {
        "a nude figure",
        "a &#110;ude figure",
        "a &amp;#110;ude figure",
        "a &#x6E;ud&eacute; figure",
        "a \uFF4E\uFF55\uFF44\uFF45 figure",
        "a \U0001D427\U0001D42E\U0001D41D\U0001D41E figure",
        "a nu\u200Bde figure",
        "a n\u00ADu\u200Dd\u2060e figure",
        "a \u202Enude\u202C figure",
        "a \u00EF\u00BD\u017Dude figure",
        "a nud\u00C3\u00A9 figure",
        "a \u24DD\u24E4\u24D3\u24D4 figure",
    };

    [Theory]
    [MemberData(nameof(Bypasses))]
    public async Task FindBlockedTerm_FindsTheTerm_InThePromptAsTheModelReadsIt(string prompt) =>
        Assert.Equal("Nude", await FindAsync(new DreamParameters { Prompt = prompt }));

    [Theory]
    [MemberData(nameof(Bypasses))]
    public async Task FindBlockedTerm_FindsTheTerm_InTheNegativePrompt(string negative) =>
        Assert.Equal("Nude", await FindAsync(new DreamParameters { Prompt = "a portrait", NegativePrompt = negative }));

    [Fact]
    public async Task FindBlockedTerm_ChecksTheEffectiveNegativePrompt_ThatPreferencesSupply()
    {
        var saved = new UserPreferences { UserId = 1, NegativePrompt = "blurry, &#110;ude" };
        var preferred = PreferredValues.Within(saved, ((GuildSettings?)null).ToDreamLimits());
        Assert.Equal("Nude", await FindAsync(new DreamParameters { Prompt = "a portrait", NegativePrompt = preferred.NegativePrompt }));
    }

    [Theory]
    [InlineData("a nudibranch on a reef", "blurry")]
    [InlineData("the caf\u00E9 &amp; the \uFB01eld at dusk", "low quality, extra fingers")]
    [InlineData("&lt;b&gt;bold&lt;/b&gt; colours, nu-disco poster", "")]
    public async Task FindBlockedTerm_LetsBenignPromptsThrough(string prompt, string negative) =>
        Assert.Null(await FindAsync(new DreamParameters { Prompt = prompt, NegativePrompt = negative }));

    private async Task<string?> FindAsync(DreamParameters parameters)
    {
        await using var db = _database.CreateContext();
        return await db.FindBlockedTermAsync(Guild, parameters, CancellationToken.None);
    }
}
