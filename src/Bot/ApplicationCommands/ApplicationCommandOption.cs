namespace DreamBot.Bot.ApplicationCommands;

/// <summary>
/// One option of a slash command. Sub-commands and groups nest further options in <see cref="Options"/>;
/// value bounds apply to Integer/Number, length bounds to String.
/// </summary>
public sealed record ApplicationCommandOption(ApplicationCommandOptionType Type, string Name, string Description)
{
    public bool? Required { get; init; }
    public IReadOnlyList<ApplicationCommandOptionChoice>? Choices { get; init; }
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }
    public double? MinValue { get; init; }
    public double? MaxValue { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public bool? Autocomplete { get; init; }
}
