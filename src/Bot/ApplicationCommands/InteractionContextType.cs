namespace DreamBot.Bot.ApplicationCommands;

/// <summary>Where a command may be used.</summary>
public enum InteractionContextType
{
    Guild = 0,
    BotDm = 1,
    PrivateChannel = 2,
}
