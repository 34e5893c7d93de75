using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;

namespace DreamBot.Bot.Moderation;

/// <summary>What a guild's settings allow on /dream; a guild that never changed a setting gets <see cref="DreamLimits.Default"/>.</summary>
public static class GuildLimits
{
    public static DreamLimits ToDreamLimits(this GuildSettings? settings)
    {
        if (settings is null)
            return DreamLimits.Default;
        var samplers = settings.AllowedSamplers.Count == 0
            ? DreamLimits.AllSamplers
            : [.. DreamLimits.AllSamplers.Where(settings.AllowedSamplers.Contains)];
        return DreamLimits.Default with
        {
            MaxPixels = settings.MaxWidth * settings.MaxHeight,
            MaxSteps = settings.MaxSteps,
            MaxCount = settings.MaxCount,
            AllowedSamplers = samplers,
        };
    }

    /// <summary>A settings row that starts from the defaults /dream already applies, so saving one setting changes only that.</summary>
    public static GuildSettings NewSettings(long guildId)
    {
        var side = (int)Math.Sqrt(DreamLimits.Default.MaxPixels);
        return new GuildSettings
        {
            GuildId = guildId,
            MaxWidth = side,
            MaxHeight = side,
            MaxSteps = DreamLimits.Default.MaxSteps,
            MaxCount = DreamLimits.Default.MaxCount,
        };
    }
}
