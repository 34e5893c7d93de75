using DreamBot.Shared.Discord.Commands;

namespace DreamBot.Bot.Commands;

/// <summary>The commands DreamBot offers, by name.</summary>
public sealed class CommandRegistry
{
    private readonly Dictionary<string, ISlashCommand> _byName;

    public CommandRegistry(IEnumerable<ISlashCommand> commands)
    {
        _byName = new Dictionary<string, ISlashCommand>(StringComparer.Ordinal);
        foreach (var command in commands)
        {
            if (!_byName.TryAdd(command.Definition.Name, command))
                throw new InvalidOperationException($"Two commands are named /{command.Definition.Name}.");
        }
    }

    public IReadOnlyList<ApplicationCommand> Definitions => [.. _byName.Values.Select(c => c.Definition)];

    public ISlashCommand? Find(string? name) => name is not null && _byName.TryGetValue(name, out var command) ? command : null;
}
