namespace DreamBot.Bot.Discord.Http;

public enum SignatureCheck
{
    Valid,
    Missing,
    Invalid,
    Stale,
}
