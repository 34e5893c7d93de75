namespace DreamBot.Shared.Data;

public enum QuotaScope
{
    Guild,
    Role,
    User,
}
