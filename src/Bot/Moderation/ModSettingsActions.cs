using System.Globalization;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Data;
using DreamBot.Shared.Dataset;
using DreamBot.Shared.Domain;
using N = DreamBot.Bot.Moderation.ModOptionNames;

namespace DreamBot.Bot.Moderation;

/// <summary>/mod settings: shows the guild's settings, changing those given as options first.</summary>
public static class ModSettingsActions
{
    public const string DatasetNeedsManageServer =
        "Only members with Manage Server (or Administrator) can turn the dataset on or choose its licence: it publishes this server's results. Moderators may turn it off.";

    public static async Task<CommandReply> ApplyAsync(ModeratorContext mod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mod);
        var settings = await mod.Db.GuildSettings.FindAsync([mod.GuildId], cancellationToken);
        if (settings is null)
        {
            settings = new GuildSettings { GuildId = mod.GuildId };
            mod.Db.GuildSettings.Add(settings);
        }

        var changes = new List<string>();
        var o = mod.Options;
        // Sharing the server's results under a licence is the server owner's decision, not one to delegate; anyone
        // moderating may still stop it.
        if (!mod.ManagesServer && (o.String(N.Licence) is not null || o.Boolean(N.Dataset) == true))
            return CommandReply.Private(DatasetNeedsManageServer);
        var hard = DreamLimits.Hard;
        if (o.Integer(N.MaxSize) is { } side)
        {
            if (!DreamLimits.IsSide((int)Math.Clamp(side, 0, int.MaxValue)))
                return CommandReply.Private(Format($"`max_size` must be a multiple of {DreamLimits.SideStep} from {DreamLimits.MinSide} to {hard.MaxSide}, the most DreamBot renders."));
            changes.Add(Format($"max size {settings.MaxSide = (int)side}×{side}"));
        }
        if (o.Integer(N.MaxSteps) is { } steps)
        {
            if (steps < 1 || steps > hard.MaxSteps)
                return CommandReply.Private(Format($"`max_steps` must be from 1 to {hard.MaxSteps}, the most DreamBot renders."));
            changes.Add(Format($"max steps {settings.MaxSteps = (int)steps}"));
        }
        if (o.Integer(N.MaxCount) is { } count)
        {
            if (count < 1 || count > hard.MaxCount)
                return CommandReply.Private(Format($"`max_count` must be from 1 to {hard.MaxCount}, the most DreamBot renders at once."));
            changes.Add(Format($"max count {settings.MaxCount = (int)count}"));
        }
        if (o.Integer(N.MaxQueued) is { } queued)
        {
            if (queued < 1 || queued > hard.MaxWaitingPerUser)
                return CommandReply.Private(Format($"`max_queued` must be from 1 to {hard.MaxWaitingPerUser}."));
            changes.Add(Format($"max waiting per user {settings.MaxQueuedPerUser = (int)queued}"));
        }
        if (o.String(N.Samplers) is { } samplers)
        {
            if (ParseSamplers(samplers) is not { } allowed)
                return CommandReply.Private($"`samplers` must be \"all\" or a comma-separated list of: {string.Join(", ", Samplers.All)}.");
            settings.AllowedSamplers = allowed;
            changes.Add($"samplers {(allowed.Count == 0 ? "all" : string.Join(", ", allowed))}");
        }
        if (o.String(N.Safety) is { } safety)
        {
            if (!Enum.TryParse<SafetyPolicy>(safety, ignoreCase: true, out var policy))
                return CommandReply.Private("`safety` must be spoiler, withhold or off.");
            settings.SafetyPolicy = policy;
            changes.Add($"safety {safety}");
        }
        if (o.Boolean(N.Previews) is { } previews)
            changes.Add($"previews {OnOff(settings.PostPreviews = previews)}");
        if (o.Boolean(N.Grid) is { } grid)
            changes.Add($"image grid {OnOff(settings.ImageGrid = grid)}");
        if (o.Snowflake(N.ModeratorRole) is { } role)
            changes.Add(Format($"moderator role <@&{settings.ModeratorRoleId = role}>"));
        if (o.Boolean(N.ModeratorsUnlimited) is { } unlimited)
            changes.Add($"moderators unlimited {OnOff(settings.ModeratorsUnlimited = unlimited)}");
        if (o.String(N.QuotaReset) is { } reset)
        {
            settings.QuotaReset = reset switch
            {
                "rolling" => QuotaReset.Rolling,
                "utc-daily" => QuotaReset.UtcDaily,
                _ => settings.QuotaReset,
            };
            changes.Add($"quota reset {reset}");
        }
        if (o.String(N.Licence) is { } licence)
        {
            if (!DatasetLicences.All.Contains(licence))
                return CommandReply.Private($"`licence` must be one of: {string.Join(", ", DatasetLicences.All)}.");
            changes.Add($"dataset licence {settings.DatasetLicence = licence}");
        }
        var datasetTurnedOn = false;
        if (o.Boolean(N.Dataset) is { } dataset)
        {
            datasetTurnedOn = dataset && !settings.DatasetOptIn;
            changes.Add($"dataset {OnOff(settings.DatasetOptIn = dataset)}");
        }
        if (o.Problems.Count > 0)
            return CommandReply.Private(string.Join('\n', o.Problems));

        if (changes.Count > 0)
        {
            settings.UpdatedAt = mod.Now;
            mod.Audit("settings", null, string.Join("; ", changes), o.String(N.Reason)?.Trim());
            await mod.Db.SaveChangesAsync(cancellationToken);
        }
        return CommandReply.Private((changes.Count > 0 ? "Saved. " : "") + Describe(settings)
            + (datasetTurnedOn ? "\n" + DatasetTerms.For(settings.DatasetLicence) : ""));
    }

    public static string Describe(GuildSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var limits = s.ToDreamLimits();
        var samplers = s.AllowedSamplers.Count == 0 ? "all" : string.Join(", ", s.AllowedSamplers);
        var role = s.ModeratorRoleId is { } r ? Format($"<@&{r}>") : "none";
        var reset = s.QuotaReset == QuotaReset.Rolling ? "rolling" : "utc-daily";
        return Format(
            $"**Settings:** max {limits.MaxSide}×{limits.MaxSide}, {limits.MaxSteps} steps, {limits.MaxCount} images, {limits.MaxWaitingPerUser} waiting per user; samplers {samplers}; safety {s.SafetyPolicy.ToString().ToLowerInvariant()}; previews {OnOff(s.PostPreviews)}; grid {OnOff(s.ImageGrid)}; moderator role {role}; moderators unlimited {OnOff(s.ModeratorsUnlimited)}; quota reset {reset}; dataset {(s.DatasetOptIn ? "on, " + s.DatasetLicence : "off")}.");
    }

    private static List<string>? ParseSamplers(string text)
    {
        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
            return [];
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.ToLowerInvariant()).Distinct().ToList();
        return names.Count > 0 && names.All(Samplers.IsKnown) ? names : null;
    }

    private static string OnOff(bool on) => on ? "on" : "off";

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
