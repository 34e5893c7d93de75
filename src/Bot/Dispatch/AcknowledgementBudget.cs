using Microsoft.Extensions.Options;

namespace DreamBot.Bot.Dispatch;

/// <summary>How long a handler may run before its interaction is acknowledged with a deferral, and the clock that times it.</summary>
public sealed class AcknowledgementBudget(IOptions<InteractionOptions> options, TimeProvider time)
{
    /// <summary>For a command or button that answers in place (<see cref="InteractionOptions.HandlerBudget"/>).</summary>
    public TimeSpan Handler { get; } = options.Value.HandlerBudget;

    /// <summary>For one that queues a request (<see cref="InteractionOptions.QueueingBudget"/>).</summary>
    public TimeSpan Queueing { get; } = options.Value.QueueingBudget;

    public TimeProvider Time => time;
}
