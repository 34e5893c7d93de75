using DreamBot.Worker.Diffusion.Pipeline;

namespace DreamBot.Tests.Worker.Diffusion;

public sealed class DeviceGateTests
{
    [Fact]
    public async Task ASecondRender_WaitsForTheFirstToHandTheDeviceOn_AndAHandOverCountsOnce()
    {
        using var gate = new DeviceGate();
        var first = await gate.EnterAsync(CancellationToken.None);

        var second = gate.EnterAsync(CancellationToken.None);
        Assert.False(second.IsCompleted);

        first.Dispose();
        first.Dispose();
        var secondTurn = await second.WaitAsync(TimeSpan.FromSeconds(30));
        var third = gate.EnterAsync(CancellationToken.None);
        Assert.False(third.IsCompleted);
        secondTurn.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
    }

    [Fact]
    public async Task AWaitingRender_CanBeCancelled_WithoutTakingATurn()
    {
        using var gate = new DeviceGate();
        var first = await gate.EnterAsync(CancellationToken.None);
        using var cancellation = new CancellationTokenSource();

        var waiting = gate.EnterAsync(cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        first.Dispose();
        (await gate.EnterAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
    }
}
