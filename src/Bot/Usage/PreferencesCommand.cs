using System.Globalization;
using DreamBot.Bot.ApplicationCommands;
using DreamBot.Bot.Dream;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Type = DreamBot.Bot.ApplicationCommands.ApplicationCommandOptionType;

namespace DreamBot.Bot.Usage;

/// <summary>
/// /preferences set|show|clear: a user's own /dream defaults, used for options they leave out, and whether their
/// results may go into the dataset; /preferences data: what DreamBot holds about them.
/// </summary>
public sealed class PreferencesCommand(IServiceScopeFactory scopes, TimeProvider time) : ISlashCommand
{
    public const string Dataset = "dataset";

    public ApplicationCommand Definition { get; } = new("preferences", "Your own defaults for /dream")
    {
        Options =
        [
            new(Type.SubCommand, "set", "Set defaults for the options you leave out of /dream")
            {
                Options =
                [
                    new(Type.String, DreamOptionNames.Sampler, "Sampling method") { Choices = CommandChoices.Samplers() },
                    new(Type.Integer, DreamOptionNames.Steps, "Denoising steps") { MinValue = 1, MaxValue = DreamLimits.Hard.MaxSteps },
                    new(Type.Integer, DreamOptionNames.Width, "Image width in pixels") { Choices = CommandChoices.Sides() },
                    new(Type.Integer, DreamOptionNames.Height, "Image height in pixels") { Choices = CommandChoices.Sides() },
                    new(Type.Number, DreamOptionNames.Guidance, "Guidance scale") { MinValue = 0, MaxValue = DreamLimits.MaxGuidance },
                    new(Type.String, DreamOptionNames.Negative, "Negative prompt") { MaxLength = DreamLimits.MaxPromptLength },
                    new(Type.Integer, DreamOptionNames.Count, "Images per request") { MinValue = 1, MaxValue = DreamLimits.Hard.MaxCount },
                    new(Type.Boolean, Dataset, "Let your results and ratings go into the dataset where the server shares them (on by default)"),
                ],
            },
            new(Type.SubCommand, "show", "Show your defaults"),
            new(Type.SubCommand, "clear", "Forget your defaults"),
            new(Type.SubCommand, "data", "Get what DreamBot holds about you (settings, requests, ratings) as a file only you see"),
        ],
    };

    public async Task<CommandReply> HandleAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (interaction.Invoker?.Id is not { } userId || interaction.Data is not { } data)
            return CommandReply.Private("I can't tell who you are from this interaction.");
        var options = new CommandOptions(data);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DreamBotDb>();
        var preferences = await db.UserPreferences.FindAsync([userId], cancellationToken);

        switch (options.SubCommandPath.Count > 0 ? options.SubCommandPath[0] : null)
        {
            case "data":
                // Gathered once the reply is out: a long history must not hold up the acknowledgement.
                var now = time.GetUtcNow();
                return CommandReply.Private(UserDataExport.Gathering) with
                {
                    OnDelivered = ct => UserDataExport.SendAsync(scopes, interaction.Token, userId, now, ct),
                };
            case "clear":
                if (preferences is not null)
                {
                    // Clearing defaults must not quietly opt the user back in to the dataset.
                    if (preferences.DatasetOptedOutAt is { } optedOut)
                        db.Entry(preferences).CurrentValues.SetValues(new UserPreferences { UserId = userId, DatasetOptedOutAt = optedOut, UpdatedAt = time.GetUtcNow() });
                    else
                        db.UserPreferences.Remove(preferences);
                    await db.SaveChangesAsync(cancellationToken);
                }
                return CommandReply.Private("Your defaults are cleared; /dream uses the server's defaults.");
            case "set":
                if (preferences is null)
                {
                    preferences = new UserPreferences { UserId = userId };
                    db.UserPreferences.Add(preferences);
                }
                Apply(options, preferences);
                if (options.Boolean(Dataset) is { } dataset)
                    preferences.DatasetOptedOutAt = dataset ? null : preferences.DatasetOptedOutAt ?? time.GetUtcNow();
                if (options.Problems.Count > 0)
                    return CommandReply.Private(string.Join('\n', options.Problems));
                preferences.UpdatedAt = time.GetUtcNow();
                await db.SaveChangesAsync(cancellationToken);
                return CommandReply.Private("Saved. " + Describe(preferences));
            default:
                return CommandReply.Private(Describe(preferences));
        }
    }

    private static void Apply(CommandOptions options, UserPreferences p)
    {
        if (options.String(DreamOptionNames.Sampler) is { } sampler)
            p.Sampler = sampler;
        if (options.Integer(DreamOptionNames.Steps) is { } steps)
            p.Steps = (int)Math.Clamp(steps, 1, DreamLimits.Hard.MaxSteps);
        if (options.Integer(DreamOptionNames.Width) is { } width)
            p.Width = (int)Math.Clamp(width, DreamLimits.MinSide, DreamLimits.Hard.MaxSide);
        if (options.Integer(DreamOptionNames.Height) is { } height)
            p.Height = (int)Math.Clamp(height, DreamLimits.MinSide, DreamLimits.Hard.MaxSide);
        if (options.Number(DreamOptionNames.Guidance) is { } guidance)
            p.Guidance = Math.Clamp(guidance, 0, DreamLimits.MaxGuidance);
        if (options.String(DreamOptionNames.Negative) is { } negative)
            p.NegativePrompt = string.IsNullOrWhiteSpace(negative) ? null : negative.Trim();
        if (options.Integer(DreamOptionNames.Count) is { } count)
            p.Count = (int)Math.Clamp(count, 1, DreamLimits.Hard.MaxCount);
        // Width and height go together: a preferred size needs both.
        if (p.Width is null != p.Height is null)
        {
            p.Width ??= p.Height;
            p.Height ??= p.Width;
        }
    }

    public static string Describe(UserPreferences? p)
    {
        if (p is null)
            return "You have no defaults of your own. Set some with `/preferences set`.";
        var parts = new List<string>();
        if (p.Sampler is { } sampler) parts.Add($"sampler {sampler}");
        if (p.Steps is { } steps) parts.Add(Format($"{steps} steps"));
        if (p.Width is { } w && p.Height is { } h) parts.Add(Format($"{w}×{h}"));
        if (p.Guidance is { } g) parts.Add(Format($"guidance {g:0.##}"));
        if (p.Count is { } count) parts.Add(Format($"{count} images"));
        if (p.NegativePrompt is { } negative) parts.Add($"negative \"{negative}\"");
        return (parts.Count == 0 ? "No defaults set." : "**Your defaults:** " + string.Join(", ", parts) + ".")
            + " The server's limits still apply."
            + (p.DatasetOptedOutAt is { } optedOut ? Format($" Dataset: off since {optedOut:yyyy-MM-dd}; nothing of yours is shared.") : " Dataset: follows the server.");
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
