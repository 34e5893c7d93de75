namespace DreamBot.Shared.Data;

public enum QuotaReset
{
    UtcDaily,
    Rolling,
}
