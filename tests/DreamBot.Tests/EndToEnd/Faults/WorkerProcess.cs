using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.EndToEnd.Faults;

/// <summary>
/// The Worker as an operator runs it: its own process, configured only through environment variables, which a test
/// can kill outright (SIGKILL) or ask to stop (SIGTERM).
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private WorkerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the process wrote to stdout and stderr so far, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    public static WorkerProcess Start(
        DreamBotSystem system, TimeSpan invisibilityTimeout, TimeSpan? shutdownTimeout = null, Dictionary<string, string?>? more = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = system.Database.ConnectionString,
            ["Discord__ApplicationId"] = FakeDiscord.ApplicationId.ToString(CultureInfo.InvariantCulture),
            ["Discord__BotToken"] = FakeDiscord.BotToken,
            ["Discord__ApiBaseUrl"] = system.Discord.ApiBaseUrl,
            ["Model__Path"] = system.ModelPath,
            ["Model__Device"] = "Cpu",
            ["Queue__InvisibilityTimeout"] = invisibilityTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Queue__PollInterval"] = "00:00:00.2",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        if (shutdownTimeout is { } timeout)
            environment["Queue__ShutdownTimeout"] = timeout.ToString("c", CultureInfo.InvariantCulture);
        foreach (var (key, value) in more ?? [])
            environment[key] = value;
        return new WorkerProcess(DotnetProcess.Start("Worker", [], environment));
    }

    /// <summary>Whether a generation row's worker column names this process (the Worker's name ends with its pid).</summary>
    public bool Owns(string? workerName) =>
        workerName?.EndsWith(":" + Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) == true;

    /// <summary>SIGKILL: no shutdown code runs, exactly as when the machine loses power or the OOM killer strikes.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM, what `docker stop` and systemd send first.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
            throw new InvalidOperationException($"kill -TERM {Id} exited with {kill.ExitCode}.");
    }

    /// <summary>True when the process ended within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is not null)
            _output.Enqueue(line);
    }
}
