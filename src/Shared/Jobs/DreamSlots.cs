using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace DreamBot.Shared.Jobs;

/// <summary>
/// Adds job slots (see <see cref="IDreamJob"/>). A slot claims a batch when it starts and keeps claiming while requests
/// remain, so a queue needs one slot waiting to be fetched, not one per request: a request released while a slot waits
/// is claimed by that slot, which starts after the request was written. A slot that claims while more requests wait
/// makes sure the next slot is waiting, so idle workers join in one after another.
/// </summary>
public sealed class DreamSlots(IBackgroundJobClient jobs, JobStorage storage)
{
    private readonly ConcurrentDictionary<string, QueueChecks> _queues = new();

    /// <summary>
    /// Makes sure a slot waits to be fetched on the queue of <paramref name="model"/> ("" for any), enqueueing one for
    /// <paramref name="generationId"/> when none does. Call it once the request it is for is committed and released.
    /// Says whether the check it joined added one.
    /// </summary>
    public Task<bool> EnsureWaitingAsync(long generationId, string model, CancellationToken cancellationToken)
    {
        var queue = ModelRoute.QueueFor(model);
        return _queues.GetOrAdd(queue, q => new QueueChecks(id => AddUnlessWaiting(q, id))).JoinAsync(generationId, cancellationToken);
    }

    private bool AddUnlessWaiting(string queue, long generationId)
    {
        if (storage.GetMonitoringApi().EnqueuedCount(queue) > 0)
            return false;
        jobs.Create(
            Job.FromExpression<IDreamJob>(job => job.RunAsync(generationId, null, CancellationToken.None)),
            new EnqueuedState(queue));
        return true;
    }

    /// <summary>
    /// The checks of one queue, one at a time. A caller joins the next check that has not started yet, so the check it
    /// waits for starts after its request was released, and a burst of callers shares one check instead of each
    /// running its own. The slot a shared check adds is named after the caller that started the round.
    /// </summary>
    private sealed class QueueChecks(Func<long, bool> check)
    {
        private readonly Lock _lock = new();
        private Round? _next;
        private bool _running;

        public Task<bool> JoinAsync(long generationId, CancellationToken cancellationToken)
        {
            bool start;
            Round round;
            lock (_lock)
            {
                round = _next ??= new Round(generationId);
                start = !_running;
                _running = true;
            }
            if (start)
                _ = Task.Run(RunRounds, CancellationToken.None);
            return round.Result.Task.WaitAsync(cancellationToken);
        }

        private void RunRounds()
        {
            while (true)
            {
                Round round;
                lock (_lock)
                {
                    if (_next is null)
                    {
                        _running = false;
                        return;
                    }
                    round = _next;
                    _next = null;
                }
                try
                {
                    round.Result.SetResult(check(round.GenerationId));
                }
                catch (Exception ex)
                {
                    round.Result.SetException(ex);
                }
            }
        }

        private sealed class Round(long generationId)
        {
            public long GenerationId { get; } = generationId;

            public TaskCompletionSource<bool> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
