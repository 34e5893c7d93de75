using DreamBot.Shared.Jobs;
using DreamBot.Tests.Infrastructure;
using Hangfire;

namespace DreamBot.Tests.Shared.Jobs;

public sealed class DreamSlotsTests : DatabaseHostTest
{
    protected override bool Migrated => false;

    private DreamSlots Slots => _host.Services.GetRequiredService<DreamSlots>();

    private JobStorage Storage => _host.Services.GetRequiredService<JobStorage>();

    [Fact]
    public async Task ABurstOfReleases_AddsOneWaitingSlot_AndNoMoreWhileItWaits()
    {
        var added = await Task.WhenAll(Enumerable.Range(1, 40).Select(id => Task.Run(() => Slots.EnsureWaitingAsync(id, "alpha", CancellationToken.None))));

        Assert.Contains(true, added);
        Assert.False(await Slots.EnsureWaitingAsync(41, "alpha", CancellationToken.None));
        Assert.Equal(1, Storage.GetMonitoringApi().EnqueuedCount(ModelRoute.QueueFor("alpha")));
    }

    [Fact]
    public async Task OnceTheWaitingSlotIsFetched_TheNextReleaseAddsAnother()
    {
        var queue = ModelRoute.QueueFor("alpha");
        Assert.True(await Slots.EnsureWaitingAsync(1, "alpha", CancellationToken.None));
        using var connection = Storage.GetConnection();
        using var fetched = connection.FetchNextJob([queue], CancellationToken.None);

        // A fetched slot may be past its last claim, so a request released now must get a slot of its own.
        Assert.True(await Slots.EnsureWaitingAsync(2, "alpha", CancellationToken.None));

        var monitoring = Storage.GetMonitoringApi();
        Assert.Equal((1, 1), (monitoring.EnqueuedCount(queue), monitoring.FetchedCount(queue)));
        var waiting = Assert.Single(monitoring.EnqueuedJobs(queue, 0, 10));
        Assert.Equal(2L, waiting.Value.Job.Args[0]);
    }

    [Fact]
    public async Task EachModelsQueue_HasASlotOfItsOwn()
    {
        Assert.True(await Slots.EnsureWaitingAsync(1, "alpha", CancellationToken.None));
        Assert.True(await Slots.EnsureWaitingAsync(2, "beta", CancellationToken.None));
        Assert.True(await Slots.EnsureWaitingAsync(3, "", CancellationToken.None));

        var monitoring = Storage.GetMonitoringApi();
        Assert.Equal([1, 1, 1], [monitoring.EnqueuedCount(ModelRoute.QueueFor("alpha")), monitoring.EnqueuedCount(ModelRoute.QueueFor("beta")), monitoring.EnqueuedCount(ModelRoute.QueueFor(""))]);
    }
}
