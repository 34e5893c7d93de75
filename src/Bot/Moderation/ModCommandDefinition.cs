using DreamBot.Bot.ApplicationCommands;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Dataset;
using DreamBot.Shared.Domain;
using N = DreamBot.Bot.Moderation.ModOptionNames;
using Option = DreamBot.Bot.ApplicationCommands.ApplicationCommandOption;
using Type = DreamBot.Bot.ApplicationCommands.ApplicationCommandOptionType;

namespace DreamBot.Bot.Moderation;

/// <summary>/mod as Discord sees it: shown by default only to members who can manage the server.</summary>
public static class ModCommandDefinition
{
    public const string Name = "mod";

    public static ApplicationCommand Create() => new(Name, "Moderate DreamBot in this server")
    {
        DefaultMemberPermissions = ModeratorCheck.ManageGuild,
        Contexts = [InteractionContextType.Guild],
        Options =
        [
            Group("quota", "Cost-unit allowances",
                Sub("set", "Set the allowance of a user, a role, or the server default",
                    new(Type.Number, N.Daily, "Units per day (one 512×512 image at 50 steps is 1)") { Required = true, MinValue = 0 },
                    new(Type.Number, N.Weekly, "Units per week (no weekly limit when left out)") { MinValue = 0 },
                    UserOption(), RoleOption(), ReasonOption()),
                Sub("reset", "Remove an allowance so the next rule applies", UserOption(), RoleOption(), ReasonOption()),
                Sub("show", "Show the allowances, or one user's usage", UserOption())),
            Sub("ban", "Stop a user from using DreamBot here", UserOption(required: true), ReasonOption()),
            Sub("unban", "Let a banned user use DreamBot again", UserOption(required: true), ReasonOption()),
            Group("queue", "Everyone's requests",
                Sub("list", "List the waiting and running requests"),
                Sub("cancel", "Cancel anyone's request (its units are refunded)",
                    new(Type.Integer, N.Id, "The request number") { Required = true, MinValue = 1 }, ReasonOption())),
            Group("filter", "Blocked words and phrases",
                Sub("add", "Refuse prompts containing this word or phrase", TermOption(), ReasonOption()),
                Sub("remove", "Stop blocking this word or phrase", TermOption(), ReasonOption()),
                Sub("list", "List the blocked words and phrases")),
            Sub("settings", "Show or change this server's DreamBot settings",
                new(Type.Integer, N.MaxSize, "Largest image, as a square side in pixels") { Choices = CommandChoices.Sides() },
                new(Type.Integer, N.MaxSteps, "Most denoising steps") { MinValue = 1, MaxValue = DreamLimits.Hard.MaxSteps },
                new(Type.Integer, N.MaxCount, "Most images per request") { MinValue = 1, MaxValue = DreamLimits.Hard.MaxCount },
                new(Type.Integer, N.MaxQueued, "Most waiting requests per user") { MinValue = 1, MaxValue = DreamLimits.Hard.MaxWaitingPerUser },
                new(Type.String, N.Samplers, "Allowed samplers, comma-separated, or \"all\"") { MaxLength = 200 },
                new(Type.String, N.Safety, "What to do with images the safety checker flags")
                {
                    Choices = [ApplicationCommandOptionChoice.Of("spoiler", "spoiler"), ApplicationCommandOptionChoice.Of("withhold", "withhold"), ApplicationCommandOptionChoice.Of("off", "off")],
                },
                new(Type.Boolean, N.Previews, "Show previews while rendering"),
                new(Type.Boolean, N.Grid, "Post several images as one grid"),
                new(Type.Role, N.ModeratorRole, "A role whose members may use /mod and /stats"),
                new(Type.Boolean, N.ModeratorsUnlimited, "Moderators ignore quotas"),
                new(Type.String, N.QuotaReset, "When daily allowances reset")
                {
                    Choices = [ApplicationCommandOptionChoice.Of("midnight UTC", "utc-daily"), ApplicationCommandOptionChoice.Of("24 hours after use (rolling)", "rolling")],
                },
                new(Type.Boolean, N.Dataset, "Contribute this server's results and ratings to the dataset (shows the terms)"),
                new(Type.String, N.Licence, "The dataset licence for this server's contributions")
                {
                    Choices = [.. DatasetLicences.All.Select(l => ApplicationCommandOptionChoice.Of(l, l))],
                },
                ReasonOption()),
        ],
    };

    private static Option Group(string name, string description, params Option[] subs) =>
        new(Type.SubCommandGroup, name, description) { Options = subs };

    private static Option Sub(string name, string description, params Option[] options) =>
        new(Type.SubCommand, name, description) { Options = options };

    private static Option UserOption(bool required = false) => new(Type.User, N.User, "The member") { Required = required ? true : null };

    private static Option RoleOption() => new(Type.Role, N.Role, "The role");

    private static Option ReasonOption() => new(Type.String, N.Reason, "Why (kept in the audit log)") { MaxLength = 500 };

    private static Option TermOption() => new(Type.String, N.Term, "A word or phrase") { Required = true, MinLength = 1, MaxLength = 200 };
}
