namespace DreamBot.Bot.HttpInteractions;

public enum SignatureCheck
{
    Valid,
    Missing,
    Invalid,
    Stale,
}
