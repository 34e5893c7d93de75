using DreamBot.Shared.Configuration;

namespace DreamBot.Bot.DirectMessages;

public static class DirectMessageServices
{
    public static IServiceCollection AddDirectMessagePolicy(this IServiceCollection services)
    {
        services.AddValidatedOptions<DirectMessagesOptions>(DirectMessagesOptions.Section);
        services.AddSingleton<DirectMessagePolicy>();
        return services;
    }
}
