using DreamBot.Bot.Interactions;
namespace DreamBot.Tests.Bot.Harness;

/// <summary>A "slowdelete:" button whose handler takes longer than the acknowledgement budget, then replaces its message.</summary>
public sealed class SlowDeleteButton : IComponentHandler
{
    public const string Deleted = "Deleted by the requester.";
    public static readonly TimeSpan Takes = TimeSpan.FromSeconds(3.5);

    public string CustomIdPrefix => "slowdelete:";

    public async Task<CommandReply> HandleAsync(Interaction interaction, string argument, CancellationToken cancellationToken)
    {
        await Task.Delay(Takes, cancellationToken);
        return CommandReply.ReplaceSource(Deleted);
    }
}
