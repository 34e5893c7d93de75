namespace DreamBot.Bot.Moderation;

public static class ModOptionNames
{
    public const string User = "user";
    public const string Role = "role";
    public const string Daily = "daily";
    public const string Weekly = "weekly";
    public const string Reason = "reason";
    public const string Id = "id";
    public const string Term = "term";
    public const string MaxSize = "max_size";
    public const string MaxSteps = "max_steps";
    public const string MaxCount = "max_count";
    public const string MaxQueued = "max_queued";
    public const string Samplers = "samplers";
    public const string Safety = "safety";
    public const string Previews = "previews";
    public const string Grid = "grid";
    public const string ModeratorRole = "moderator_role";
    public const string ModeratorsUnlimited = "moderators_unlimited";
    public const string QuotaReset = "quota_reset";
    public const string Dataset = "dataset";
    public const string Licence = "licence";
}
