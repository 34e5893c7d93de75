using DreamBot.Bot.DirectMessages;
using DreamBot.Bot.Dispatch;
using DreamBot.Bot.Dream;
using DreamBot.Bot.Intake;
using DreamBot.Bot.Interactions;
using DreamBot.Bot.Moderation;
using DreamBot.Bot.ResultControls;
using DreamBot.Bot.Waiting;

namespace DreamBot.Bot.Hosting;

public static class CommandServices
{
    /// <summary>
    /// The slash commands and their registration with Discord. /dream needs an <see cref="IDreamQueue"/>,
    /// which the host registers separately.
    /// </summary>
    public static IServiceCollection AddBotCommands(this IServiceCollection services)
    {
        services.AddSingleton<ISlashCommand, DreamCommand>();
        services.AddSingleton<ISlashCommand, QueueCommand>();
        services.AddSingleton<ISlashCommand, CancelCommand>();
        services.AddModerationCommands();
        services.AddDirectMessagePolicy();
        services.AddSingleton<CommandRegistry>();
        services.AddSingleton<IComponentHandler, RerollButton>();
        services.AddSingleton<IComponentHandler, VariationsButton>();
        services.AddSingleton<IComponentHandler, SubtleVaryButton>();
        services.AddSingleton<IComponentHandler, UpscaleButton>();
        services.AddSingleton<IComponentHandler, CreativeUpscaleButton>();
        services.AddSingleton<IComponentHandler, StrongVaryButton>();
        services.AddSingleton<IComponentHandler, ZoomOutButton>();
        services.AddSingleton<IComponentHandler, PanButton>();
        services.AddSingleton<IComponentHandler, DeleteButton>();
        services.AddSingleton<IComponentHandler, RatingSelect>();
        services.AddSingleton<ComponentRegistry>();
        services.AddHostedService<CommandRegistrar>();
        return services;
    }
}
