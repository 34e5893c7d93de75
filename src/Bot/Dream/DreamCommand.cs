using System.Globalization;
using System.Text.Json;
using DreamBot.Bot.ApplicationCommands;
using DreamBot.Bot.Intake;
using DreamBot.Bot.Interactions;
using DreamBot.Shared.Data;

namespace DreamBot.Bot.Dream;

/// <summary>/dream: parse and check the options, hand the request to the queue, answer with the queue position.</summary>
public sealed partial class DreamCommand(IDreamQueue queue, ILogger<DreamCommand> logger) : IAutocompleteCommand
{
    public ApplicationCommand Definition { get; } = DreamCommandDefinition.Create();

    public bool Queues => true;

    public async Task<CommandReply> HandleAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        // The server's caps and the user's preferences shape the request before it is checked.
        // The live models are looked up only when the request depends on them: it names one or starts from an image.
        var userId = interaction.Invoker?.Id ?? 0;
        if (queue.RefusalBeforeRecording(userId) is { } refusal)
            return CommandReply.Private(refusal);
        var needsModels = interaction.Data?.Options?.Any(o => o.Name is DreamOptionNames.Model or DreamOptionNames.Image or DreamOptionNames.Mask) == true;
        var defaults = await queue.DefaultsAsync(interaction.GuildId, userId, needsModels, cancellationToken);
        var parsed = DreamOptionsParser.Parse(interaction, defaults, Random.Shared);
        if (parsed.Request is not { } request)
            return CommandReply.Private(string.Join('\n', parsed.Problems));

        var submission = await queue.SubmitAsync(request, cancellationToken);
        if (!submission.Accepted)
            LogRefused(logger, request.Origin.InteractionId);
        return submission.ToReply();
    }

    /// <summary>The live models whose name contains what the user has typed into <c>model</c>.</summary>
    public async Task<IReadOnlyList<ApplicationCommandOptionChoice>> SuggestAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var typed = interaction.Data?.Options?.FirstOrDefault(o => o.Focused == true)?.Value is { ValueKind: JsonValueKind.String } value
            ? value.GetString()?.Trim().ToLowerInvariant() ?? ""
            : "";
        var models = await queue.ModelsAsync(cancellationToken);
        return [.. models.Where(m => m.Name.Contains(typed, StringComparison.Ordinal)).Select(m => ApplicationCommandOptionChoice.Of(Describe(m), m.Name))];
    }

    private static string Describe(ServedModel model) =>
        model.MaxSteps is { } max ? string.Create(CultureInfo.InvariantCulture, $"{model.Name} (1-{max} steps)") : model.Name;

    [LoggerMessage(Level = LogLevel.Information, Message = "Dream request from interaction {InteractionId} was refused by the queue")]
    private static partial void LogRefused(ILogger logger, long interactionId);
}
