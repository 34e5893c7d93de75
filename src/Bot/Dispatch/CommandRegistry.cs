using DreamBot.Bot.ApplicationCommands;
using DreamBot.Bot.DirectMessages;
using DreamBot.Bot.Interactions;

namespace DreamBot.Bot.Dispatch;

/// <summary>The commands DreamBot offers, by name.</summary>
public sealed class CommandRegistry
{
    private readonly Dictionary<string, ISlashCommand> _byName;

    private readonly IReadOnlyList<InteractionContextType> _defaultContexts;

    public CommandRegistry(IEnumerable<ISlashCommand> commands, DirectMessagePolicy directMessages)
    {
        ArgumentNullException.ThrowIfNull(directMessages);
        _defaultContexts = directMessages.Contexts;
        _byName = new Dictionary<string, ISlashCommand>(StringComparer.Ordinal);
        foreach (var command in commands)
        {
            if (!_byName.TryAdd(command.Definition.Name, command))
                throw new InvalidOperationException($"Two commands are named /{command.Definition.Name}.");
        }
    }

    /// <summary>As registered with Discord: a command that declares no contexts gets those the direct-message policy allows.</summary>
    public IReadOnlyList<ApplicationCommand> Definitions =>
        [.. _byName.Values.Select(c => c.Definition.Contexts is null ? c.Definition with { Contexts = _defaultContexts } : c.Definition)];

    public ISlashCommand? Find(string? name) => name is not null && _byName.TryGetValue(name, out var command) ? command : null;
}
