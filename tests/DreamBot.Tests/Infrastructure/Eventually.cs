namespace DreamBot.Tests.Infrastructure;

/// <summary>Polls a condition that another thread or process will make true, failing with a clear message if it never does.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string? because = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Condition not met within {timeout}{(because is null ? "" : ": " + because)}.");
            await Task.Delay(50);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string? because = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Condition not met within {timeout}{(because is null ? "" : ": " + because)}.");
            await Task.Delay(50);
        }
    }

    /// <summary>As above, with a reason built only on failure (a child process's output, the logs so far).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Condition not met within {timeout}: {because()}");
            await Task.Delay(50);
        }
    }
}
