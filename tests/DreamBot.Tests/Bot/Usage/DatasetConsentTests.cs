using DreamBot.Bot.Moderation;
using DreamBot.Bot.Usage;
using DreamBot.Shared.Dataset;
using DreamBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static DreamBot.Tests.Bot.Moderation.ModInteractions;

namespace DreamBot.Tests.Bot.Usage;

public sealed class DatasetConsentTests : DatabaseHostTest
{
    private const long Moderator = 10;
    private const long Member = 20;

    protected override void AddServices(IServiceCollection services)
    {
        services.AddSingleton<ModCommand>();
        services.AddSingleton<PreferencesCommand>();
    }

    [Fact]
    public async Task ModSettingsDatasetOn_ShowsTheTerms_AndStoresTheLicence_OffByDefault()
    {
        var before = await ModAsync();
        var on = await ModAsync(Flag("dataset", true), Text("licence", DatasetLicences.CcBy));
        var again = await ModAsync(Flag("dataset", true));

        Assert.Contains("dataset off", before, StringComparison.Ordinal);
        Assert.Contains("dataset on, cc-by-4.0", on, StringComparison.Ordinal);
        Assert.Contains("**Dataset terms** (licence cc-by-4.0)", on, StringComparison.Ordinal);
        Assert.Contains("Never shared: Discord ids, user names", on, StringComparison.Ordinal);
        Assert.DoesNotContain("**Dataset terms**", again, StringComparison.Ordinal);
        await using var db = _database.CreateContext();
        var settings = await db.GuildSettings.AsNoTracking().SingleAsync(s => s.GuildId == Guild);
        Assert.Equal((true, DatasetLicences.CcBy), (settings.DatasetOptIn, settings.DatasetLicence));
    }

    [Fact]
    public async Task TheDelegatedModeratorRole_CannotTurnTheDatasetOnOrChooseItsLicence_ButCanTurnItOff()
    {
        const long role = 555;
        await ModAsync(Role(role) with { Item1 = "moderator_role" });

        var on = await ModAsync(Moderator + 1, SendMessagesOnly, [role], Flag("dataset", true));
        var licence = await ModAsync(Moderator + 1, SendMessagesOnly, [role], Text("licence", DatasetLicences.CcBy));
        var stillOff = await DatasetAsync();
        await ModAsync(Flag("dataset", true));
        var off = await ModAsync(Moderator + 1, SendMessagesOnly, [role], Flag("dataset", false));

        Assert.Equal([ModSettingsActions.DatasetNeedsManageServer, ModSettingsActions.DatasetNeedsManageServer], [on, licence]);
        Assert.Equal((false, DatasetLicences.Cc0), stillOff);
        Assert.Contains("dataset off", off, StringComparison.Ordinal);
        Assert.Equal((false, DatasetLicences.Cc0), await DatasetAsync());
    }

    private async Task<(bool OptIn, string Licence)> DatasetAsync()
    {
        await using var db = _database.CreateContext();
        var settings = await db.GuildSettings.AsNoTracking().SingleAsync(s => s.GuildId == Guild);
        return (settings.DatasetOptIn, settings.DatasetLicence);
    }

    [Fact]
    public async Task ModSettings_RefusesALicenceNotOnTheList()
    {
        var reply = await ModAsync(Text("licence", "all-rights-reserved"));

        Assert.Equal("`licence` must be one of: cc0, cc-by-4.0, cc-by-sa-4.0.", reply);
        await using var db = _database.CreateContext();
        Assert.Equal(0, await db.GuildSettings.CountAsync());
    }

    [Fact]
    public async Task PreferencesDatasetOff_StoresTheOptOutWithItsTime_WhichClearKeeps_AndOnUndoes()
    {
        var off = await PreferencesAsync("set", Flag("dataset", false), Integer("steps", 30));
        await PreferencesAsync("clear");
        var kept = await OptedOutAtAsync();
        await PreferencesAsync("set", Flag("dataset", true));

        Assert.Contains("Dataset: off since", off, StringComparison.Ordinal);
        Assert.NotNull(kept);
        Assert.Null(await OptedOutAtAsync());
    }

    private async Task<DateTimeOffset?> OptedOutAtAsync()
    {
        await using var db = _database.CreateContext();
        return (await db.UserPreferences.AsNoTracking().SingleAsync(p => p.UserId == Member)).DatasetOptedOutAt;
    }

    private Task<string> ModAsync(params (string, DreamBot.Bot.ApplicationCommands.ApplicationCommandOptionType, object)[] options) =>
        ModAsync(Moderator, ManageGuild, null, options);

    private async Task<string> ModAsync(
        long userId, string permissions, IReadOnlyList<long>? roles, params (string, DreamBot.Bot.ApplicationCommands.ApplicationCommandOptionType, object)[] options)
    {
        var reply = await _host.Services.GetRequiredService<ModCommand>()
            .HandleAsync(Command("mod", "settings", userId, permissions, roles, options), CancellationToken.None);
        Assert.True(reply.Ephemeral);
        return reply.Content;
    }

    private async Task<string> PreferencesAsync(string path, params (string, DreamBot.Bot.ApplicationCommands.ApplicationCommandOptionType, object)[] options)
    {
        var reply = await _host.Services.GetRequiredService<PreferencesCommand>()
            .HandleAsync(Command("preferences", path, Member, SendMessagesOnly, null, options), CancellationToken.None);
        Assert.True(reply.Ephemeral);
        return reply.Content;
    }
}
