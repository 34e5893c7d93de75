namespace DreamBot.Tests.Infrastructure;

/// <summary>Polls a condition that another thread or process will make true, failing with a clear message if it never does.</summary>
public static class Eventually
{
    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string? because = null) =>
        TrueAsync(condition, timeout, () => because);

    /// <summary>As above; <paramref name="because"/> is evaluated only on failure, so it can describe the state then.</summary>
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, Func<string?> because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Condition not met within {timeout}{(because() is { } reason ? ": " + reason : "")}.");
            await Task.Delay(50);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string? because = null) =>
        TrueAsync(condition, timeout, () => because);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string?> because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Condition not met within {timeout}{(because() is { } reason ? ": " + reason : "")}.");
            await Task.Delay(50);
        }
    }
}
