using DreamBot.Shared.Discord.Messages;

namespace DreamBot.Bot.Interactions;

/// <summary>What a command answers; ephemeral replies are seen only by the user who asked.</summary>
public sealed record CommandReply(string Content, bool Ephemeral)
{
    public const string Unavailable = "DreamBot can't take requests right now — please try again shortly.";

    public static CommandReply Public(string content) => new(content, Ephemeral: false);

    public static CommandReply Private(string content) => new(content, Ephemeral: true);

    /// <summary>For a button: replaces the message the button is on with <paramref name="content"/>, dropping its images, embeds and buttons.</summary>
    public static CommandReply ReplaceSource(string content) => new(content, Ephemeral: false) { ReplacesSourceMessage = true };

    public bool ReplacesSourceMessage { get; init; }

    /// <summary>
    /// Runs once the reply is in front of the user: after the acknowledgement that carries it, or after the edit that
    /// replaces a deferral. Work that touches the interaction afterwards (a Worker's progress) waits for this.
    /// </summary>
    public Func<CancellationToken, Task>? OnDelivered { get; init; }

    /// <summary>As a message; mentions are never parsed, so echoed user text cannot ping anyone.</summary>
    public MessagePayload ToMessage() => new()
    {
        Content = Content,
        Flags = Ephemeral ? MessageFlags.Ephemeral : null,
        AllowedMentions = AllowedMentions.None,
    };

    /// <summary>The edit that replaces the button's message: this content, without images, embeds or buttons.</summary>
    public MessagePayload ToSourceReplacement() => ToMessage() with { Embeds = [], Components = [], Attachments = [] };

    public InteractionResponse ToResponse() => ReplacesSourceMessage
        ? InteractionResponse.UpdateMessage(ToSourceReplacement())
        : InteractionResponse.Message(ToMessage());
}
