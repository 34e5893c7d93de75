namespace DreamBot.Shared.Configuration;

public enum DiscordMode
{
    Gateway,
    Http,
}
