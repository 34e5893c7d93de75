using System.Threading.Channels;
using DreamBot.Bot.Intake;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Shared.Domain;

namespace DreamBot.Tests.Bot.Harness;

/// <summary>
/// Stands in for the database + Hangfire queue: accepts at an increasing position (after <see cref="Delay"/>), or
/// throws when <see cref="Failure"/> is set. <see cref="PostResultAsync"/> plays the Worker's part afterwards.
/// </summary>
public sealed class TestDreamQueue : IDreamQueue
{
    private readonly Channel<DreamRequest> _accepted = Channel.CreateUnbounded<DreamRequest>();
    private int _position = 2;

    public TimeSpan Delay { get; set; }
    public Exception? Failure { get; set; }

    /// <summary>When set, requests are refused with this message (a ban, a full queue, a spent quota).</summary>
    public string? Refusal { get; set; }
    public int Submitted => _submitted;
    private int _submitted;

    /// <summary>A 1×1 PNG, the "generated image".</summary>
    public static byte[] Png { get; } = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    public async Task<DreamSubmission> SubmitAsync(DreamRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _submitted);
        if (Delay > TimeSpan.Zero)
            await Task.Delay(Delay, cancellationToken);
        if (Failure is { } failure)
            throw failure;
        if (Refusal is { } refusal)
            return DreamSubmission.Refused(refusal);
        await _accepted.Writer.WriteAsync(request, cancellationToken);
        return DreamSubmission.Queued(Interlocked.Increment(ref _position)) with { Release = _ => ReleaseAsync(request) };
    }

    /// <summary>Plays the Worker being handed the request: runs when the Bot releases it, after its reply is delivered.</summary>
    public Func<DreamRequest, Task>? OnRelease { get; set; }

    private Task ReleaseAsync(DreamRequest request) => OnRelease?.Invoke(request) ?? Task.CompletedTask;

    public async Task<DreamRequest> NextAcceptedAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        return await _accepted.Reader.ReadAsync(cancellation.Token);
    }

    public bool TryTakeAccepted(out DreamRequest? request) => _accepted.Reader.TryRead(out request);

    /// <summary>What the Worker does when the image is ready: a follow-up carrying the PNG.</summary>
    public static Task<DiscordMessage> PostResultAsync(DiscordRestClient rest, DreamRequest request, CancellationToken cancellationToken = default) =>
        rest.CreateFollowupAsync(
            request.Origin.InteractionToken,
            new MessagePayload { Content = $"Seed {request.Parameters.Seed}" },
            [new FileUpload("dream.png", Png)],
            cancellationToken);
}
