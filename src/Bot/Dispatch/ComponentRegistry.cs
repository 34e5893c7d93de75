using DreamBot.Bot.Interactions;

namespace DreamBot.Bot.Dispatch;

/// <summary>The button handlers, found by the prefix of a component's custom_id (e.g. "dream:reroll:42").</summary>
public sealed class ComponentRegistry(IEnumerable<IComponentHandler> handlers)
{
    private readonly List<IComponentHandler> _handlers = [.. handlers];

    public (IComponentHandler Handler, string Argument)? Find(string? customId)
    {
        if (customId is null)
            return null;
        foreach (var handler in _handlers)
        {
            if (customId.StartsWith(handler.CustomIdPrefix, StringComparison.Ordinal))
                return (handler, customId[handler.CustomIdPrefix.Length..]);
        }
        return null;
    }
}
