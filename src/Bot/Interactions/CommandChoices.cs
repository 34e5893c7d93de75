using System.Globalization;
using DreamBot.Bot.ApplicationCommands;
using DreamBot.Shared.Domain;

namespace DreamBot.Bot.Interactions;

/// <summary>The choices several commands offer for the same kind of option.</summary>
public static class CommandChoices
{
    // 256..1024 in steps of 64 is 13 choices; Discord allows at most 25.
    public static List<ApplicationCommandOptionChoice> Sides() =>
        [.. DreamLimits.Sides().Select(side => ApplicationCommandOptionChoice.Of(side.ToString(CultureInfo.InvariantCulture), side))];

    public static List<ApplicationCommandOptionChoice> Samplers() =>
        [.. Shared.Domain.Samplers.All.Select(s => ApplicationCommandOptionChoice.Of(s, s))];
}
