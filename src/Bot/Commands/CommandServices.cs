using DreamBot.Bot.Commands.Dream;
using DreamBot.Bot.DirectMessages;
using DreamBot.Bot.Commands.Queue;
using DreamBot.Bot.Commands.Results;
using DreamBot.Bot.Commands.Moderation;

namespace DreamBot.Bot.Commands;

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
