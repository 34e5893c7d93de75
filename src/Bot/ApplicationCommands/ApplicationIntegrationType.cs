namespace DreamBot.Bot.ApplicationCommands;

/// <summary>How the app must be installed for a command to be offered.</summary>
public enum ApplicationIntegrationType
{
    GuildInstall = 0,
    UserInstall = 1,
}
