namespace DreamBot.Shared.Data;

public enum SafetyPolicy
{
    Spoiler,
    Withhold,
    Off,
}
