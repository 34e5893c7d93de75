using DreamBot.Bot.Interactions;
using DreamBot.Bot.Usage;
namespace DreamBot.Bot.Moderation;

public static class ModerationServices
{
    /// <summary>/mod, /quota, /preferences and /stats.</summary>
    public static IServiceCollection AddModerationCommands(this IServiceCollection services)
    {
        services.AddSingleton<ISlashCommand, ModCommand>();
        services.AddSingleton<ISlashCommand, QuotaCommand>();
        services.AddSingleton<ISlashCommand, PreferencesCommand>();
        services.AddSingleton<ISlashCommand, StatsCommand>();
        return services;
    }
}
