namespace DreamBot.Bot.Intake;

/// <summary>
/// Admits requests to be recorded: at a user's pace (<see cref="IntakeOptions.PerUserBurst"/>, then
/// <see cref="IntakeOptions.PerUserPerMinute"/>), one at a time per user, and at most
/// <see cref="IntakeOptions.MaxConcurrent"/> in all. Requests wait for their turn here, in memory, never on a
/// connection: a burst from one user is recorded one request after another (the user's advisory lock is then never contended within this process), and a burst from
/// many cannot take more connections than the turns allow. Whoever would wait too long is answered at once instead:
/// a user past their pace (<see cref="DreamSubmission.TooFast"/>), a user whose line is full
/// (<see cref="DreamSubmission.StillRecording"/>), anyone once the waiting line is full or
/// their wait passes <see cref="IntakeOptions.BusyAfter"/> (<see cref="DreamSubmission.Busy"/>). Nothing turned away
/// was recorded or charged.
/// </summary>
public sealed class IntakeGate(TimeProvider time, IntakeOptions options) : IDisposable
{
    private readonly SemaphoreSlim _turns = new(options.MaxConcurrent);
    private readonly Dictionary<long, UserLine> _users = [];
    private readonly UserPace _pace = new(options.PerUserBurst, options.PerUserPerMinute / 60.0, time);
    private int _waiting;

    private sealed class UserLine : IDisposable
    {
        public readonly SemaphoreSlim Turn = new(1);
        public int Pending;

        public void Dispose() => Turn.Dispose();
    }

    /// <summary>
    /// Why a request of this user would be turned away before it is even looked at (too fast, or their line full), or
    /// null. Answering this takes nothing from the user's pace.
    /// </summary>
    public string? RefusalFor(long userId)
    {
        if (!_pace.HasRoom(userId))
            return DreamSubmission.TooFast;
        lock (_users)
            return _users.TryGetValue(userId, out var line) && line.Pending >= options.MaxPerUser ? DreamSubmission.StillRecording : null;
    }

    /// <summary>A turn to record one request of <paramref name="userId"/>; dispose it once the request is recorded.</summary>
    public async Task<IntakeTurn> EnterAsync(long userId, CancellationToken cancellationToken)
    {
        if (!_pace.TryTake(userId))
            return IntakeTurn.TooFast;
        UserLine? line;
        lock (_users)
        {
            if (!_users.TryGetValue(userId, out line))
                _users[userId] = line = new UserLine();
            if (line.Pending >= options.MaxPerUser)
                return IntakeTurn.UserBusy;
            line.Pending++;
        }
        var userTurn = false;
        var turn = false;
        try
        {
            userTurn = await line.Turn.WaitAsync(options.BusyAfter, cancellationToken);
            if (!userTurn)
                return IntakeTurn.UserBusy;
            turn = _turns.Wait(0, CancellationToken.None) || await WaitForTurnAsync(cancellationToken);
            return turn ? new IntakeTurn(() => Exit(userId, line)) : IntakeTurn.Saturated;
        }
        finally
        {
            if (!turn)
                Leave(userId, line, userTurn);
        }
    }

    private async Task<bool> WaitForTurnAsync(CancellationToken cancellationToken)
    {
        try
        {
            return Interlocked.Increment(ref _waiting) <= options.MaxWaiting
                && await _turns.WaitAsync(options.BusyAfter, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private void Exit(long userId, UserLine line)
    {
        _turns.Release();
        Leave(userId, line, heldUserTurn: true);
    }

    private void Leave(long userId, UserLine line, bool heldUserTurn)
    {
        if (heldUserTurn)
            line.Turn.Release();
        lock (_users)
        {
            if (--line.Pending == 0)
            {
                _users.Remove(userId);
                line.Dispose();
            }
        }
    }

    public void Dispose() => _turns.Dispose();
}

/// <summary>A turn at the intake, or why there is none.</summary>
public sealed class IntakeTurn : IDisposable
{
    public static readonly IntakeTurn UserBusy = new(null) { Refusal = DreamSubmission.StillRecording };
    public static readonly IntakeTurn Saturated = new(null) { Refusal = DreamSubmission.Busy };
    public static readonly IntakeTurn TooFast = new(null) { Refusal = DreamSubmission.TooFast };

    private Action? _exit;

    internal IntakeTurn(Action? exit) => _exit = exit;

    /// <summary>Why the request was turned away, or null when it may be recorded.</summary>
    public string? Refusal { get; private init; }

    public void Dispose() => Interlocked.Exchange(ref _exit, null)?.Invoke();
}
