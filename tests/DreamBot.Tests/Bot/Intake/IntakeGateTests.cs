using DreamBot.Bot.Commands.Dream;
using DreamBot.Bot.Intake;

namespace DreamBot.Tests.Bot.Intake;

public sealed class IntakeGateTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AUsersRequests_AreAdmittedOneAfterAnother()
    {
        using var gate = new IntakeGate(new IntakeOptions { BusyAfter = Long });
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
        using var gate = new IntakeGate(new IntakeOptions { MaxPerUser = 2, BusyAfter = Long });
        using var recording = await gate.EnterAsync(1, CancellationToken.None);
        var inLine = gate.EnterAsync(1, CancellationToken.None);

        Assert.True(gate.IsLineFull(1));
        Assert.False(gate.IsLineFull(2));
        Assert.Equal(DreamSubmission.StillRecording, (await gate.EnterAsync(1, CancellationToken.None)).Refusal);
        Assert.False(inLine.IsCompleted);
    }

    [Fact]
    public async Task OnceEveryTurnIsTakenAndTheLineIsFull_NewRequestsAreToldDreamBotIsBusy_AtOnce()
    {
        using var gate = new IntakeGate(new IntakeOptions { MaxConcurrent = 1, MaxWaiting = 0, BusyAfter = Long });
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
        using var gate = new IntakeGate(new IntakeOptions { MaxConcurrent = 1, MaxWaiting = 10, BusyAfter = TimeSpan.FromMilliseconds(100) });
        using var taken = await gate.EnterAsync(1, CancellationToken.None);

        Assert.Equal(DreamSubmission.Busy, (await gate.EnterAsync(2, CancellationToken.None)).Refusal);
    }
}
