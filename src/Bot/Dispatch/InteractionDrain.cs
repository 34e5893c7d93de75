namespace DreamBot.Bot.Dispatch;

/// <summary>
/// Counts interactions in flight, from arrival until their (possibly deferred) reply is delivered. Once shutdown begins
/// no new one is admitted, and stopping waits for the running ones until the host's shutdown timeout; only then is the
/// remaining work cancelled, so a SIGTERM mid-command still answers the user.
/// </summary>
public sealed partial class InteractionDrain(IHostApplicationLifetime lifetime, ILogger<InteractionDrain> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _abandon = new();
    private readonly Lock _lock = new();
    private int _inFlight;
    private TaskCompletionSource? _idle;

    public bool IsStopping => lifetime.ApplicationStopping.IsCancellationRequested;

    /// <summary>Cancelled only when the grace period ends with work still running.</summary>
    public CancellationToken Abandoned => _abandon.Token;

    public int InFlight
    {
        get { lock (_lock) return _inFlight; }
    }

    /// <summary>False once shutdown has begun; otherwise the caller must call <see cref="Exit"/> when its work is done.</summary>
    public bool TryEnter()
    {
        lock (_lock)
        {
            if (IsStopping)
                return false;
            _inFlight++;
            return true;
        }
    }

    public void Exit()
    {
        lock (_lock)
        {
            if (--_inFlight == 0)
                _idle?.TrySetResult();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task idle;
        lock (_lock)
        {
            if (_inFlight == 0)
                return;
            LogDraining(logger, _inFlight);
            _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            idle = _idle.Task;
        }
        try
        {
            await idle.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogAbandoning(logger, InFlight);
            await _abandon.CancelAsync();
        }
    }

    public void Dispose() => _abandon.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: waiting for {Count} interaction(s) in flight")]
    private static partial void LogDraining(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown grace period over with {Count} interaction(s) still running; cancelling them")]
    private static partial void LogAbandoning(ILogger logger, int count);
}
