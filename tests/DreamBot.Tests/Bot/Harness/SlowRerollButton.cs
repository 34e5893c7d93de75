using DreamBot.Bot.Interactions;
namespace DreamBot.Tests.Bot.Harness;

/// <summary>A "slowreroll:" button whose handler takes longer than the acknowledgement budget, then answers like a queued request.</summary>
public sealed class SlowRerollButton : IComponentHandler
{
    public const string Queued = "Queued — position 1";

    public string CustomIdPrefix => "slowreroll:";

    public bool RepliesWithNewMessage => true;

    public async Task<CommandReply> HandleAsync(Interaction interaction, string argument, CancellationToken cancellationToken)
    {
        await Task.Delay(SlowDeleteButton.Takes, cancellationToken);
        return CommandReply.Public(Queued);
    }
}
