using DreamBot.Bot.Intake;
using DreamBot.Tests.Shared.Discord;

namespace DreamBot.Tests.Bot.Intake;

public sealed class IntakeGateTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AUsersRequests_AreAdmittedOneAfterAnother()
    {
        using var gate = new IntakeGate(TimeProvider.System, new IntakeOptions { BusyAfter = Long });
        var first = await gate.EnterAsync(1, CancellationToken.None);
        var second = gate.EnterAsync(1, CancellationToken.None);
        var otherUser = await gate.EnterAsync(2, CancellationToken.None);

        Assert.Null(first.Refusal);
        Assert.Null(otherUser.Refusal);
        Assert.False(second.IsCompleted);
        first.Dispose();
        using var admitted = await second;
        Assert.Null(admitted.Refusal);
        otherUser.Dispose();
    }

    [Fact]
    public async Task AUserWhoseLineIsFull_IsAnsweredAtOnce()
    {
        using var gate = new IntakeGate(TimeProvider.System, new IntakeOptions { MaxPerUser = 2, BusyAfter = Long });
        using var recording = await gate.EnterAsync(1, CancellationToken.None);
        var inLine = gate.EnterAsync(1, CancellationToken.None);

        Assert.Equal(DreamSubmission.StillRecording, gate.RefusalFor(1));
        Assert.Null(gate.RefusalFor(2));
        Assert.Equal(DreamSubmission.StillRecording, (await gate.EnterAsync(1, CancellationToken.None)).Refusal);
        Assert.False(inLine.IsCompleted);
    }

    [Fact]
    public async Task OnceEveryTurnIsTakenAndTheLineIsFull_NewRequestsAreToldDreamBotIsBusy_AtOnce()
    {
        using var gate = new IntakeGate(TimeProvider.System, new IntakeOptions { MaxConcurrent = 1, MaxWaiting = 0, BusyAfter = Long });
        var taken = await gate.EnterAsync(1, CancellationToken.None);

        var refused = await gate.EnterAsync(2, CancellationToken.None);

        Assert.Equal(DreamSubmission.Busy, refused.Refusal);
        // Turned away before it held anything: the user's next request is admitted as soon as a turn is free.
        taken.Dispose();
        using var next = await gate.EnterAsync(2, CancellationToken.None);
        Assert.Null(next.Refusal);
    }

    [Fact]
    public async Task ARequestWaitingPastBusyAfter_IsToldDreamBotIsBusy()
    {
        using var gate = new IntakeGate(TimeProvider.System, new IntakeOptions { MaxConcurrent = 1, MaxWaiting = 10, BusyAfter = TimeSpan.FromMilliseconds(100) });
        using var taken = await gate.EnterAsync(1, CancellationToken.None);

        Assert.Equal(DreamSubmission.Busy, (await gate.EnterAsync(2, CancellationToken.None)).Refusal);
    }

    [Fact]
    public async Task AUserPastTheirBurst_IsToldToSlowDown_AtOnce_UntilTheirPaceAllowsAnother()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 8, 12, 0, 0, TimeSpan.Zero));
        using var gate = new IntakeGate(clock, new IntakeOptions { PerUserBurst = 3, PerUserPerMinute = 30, BusyAfter = Long });
        for (var i = 0; i < 3; i++)
            (await gate.EnterAsync(1, CancellationToken.None)).Dispose();

        Assert.Equal(DreamSubmission.TooFast, gate.RefusalFor(1));
        Assert.Equal(DreamSubmission.TooFast, (await gate.EnterAsync(1, CancellationToken.None)).Refusal);
        Assert.Null(gate.RefusalFor(2));

        // 30 a minute: one more every 2 s, and asking did not use any of it.
        clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Equal(DreamSubmission.TooFast, gate.RefusalFor(1));
        clock.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Null(gate.RefusalFor(1));
        using var next = await gate.EnterAsync(1, CancellationToken.None);
        Assert.Null(next.Refusal);
        Assert.Equal(DreamSubmission.TooFast, gate.RefusalFor(1));
    }
}
