using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;

namespace DreamBot.Bot.Moderation;

/// <summary>The caps a server's settings put on /dream: its overrides within the hard limits, the standard caps elsewhere.</summary>
public static class GuildLimits
{
    public static DreamLimits ToDreamLimits(this GuildSettings? settings) => settings is null
        ? DreamLimits.Standard
        : DreamLimits.WithOverrides(settings.MaxSide, settings.MaxSteps, settings.MaxCount, settings.MaxQueuedPerUser, settings.AllowedSamplers);
}
