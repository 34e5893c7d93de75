using System.Diagnostics;
using System.Globalization;
using System.Net;
using DreamBot.Tests.Fakes.Discord;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Bench;

/// <summary>
/// The built Bot as its own OS process in HTTP-interactions mode, pinned with <c>taskset</c> so its CPU time is its own,
/// answering on 127.0.0.1 and talking to the fake Discord. Its log is kept only as counts and a tail for failures.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly Dictionary<string, int> _problems = new(StringComparer.Ordinal);
    private string? _problem;
    private int _warnings;
    private int _errors;

    private BotProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }
    public Uri InteractionsEndpoint => new(BaseAddress, "interactions");
    public int Id => _process.Id;

    /// <summary>Warnings and errors the Bot has logged so far (console "warn:" and "fail:"/"crit:" lines).</summary>
    public (int Warnings, int Errors) LoggedProblems => (Volatile.Read(ref _warnings), Volatile.Read(ref _errors));

    public static async Task<BotProcess> StartAsync(string cpus, string connectionString, FakeDiscord discord, string publicKeyHex)
    {
        var port = LoopbackServer.FreePort();
        var process = DotnetProcess.Start("Bot", [], new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Discord__ApplicationId"] = FakeDiscord.ApplicationId.ToString(CultureInfo.InvariantCulture),
            ["Discord__BotToken"] = FakeDiscord.BotToken,
            ["Discord__ApiBaseUrl"] = discord.ApiBaseUrl,
            ["Discord__Mode"] = "Http",
            ["Discord__PublicKey"] = publicKeyHex,
            ["Shutdown__GracePeriod"] = "00:00:10",
            ["ASPNETCORE_URLS"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"),
        }, launcher: ["taskset", "-c", cpus]);
        var bot = new BotProcess(process, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")));
        try
        {
            await bot.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
            return bot;
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }
    }

    /// <summary>User plus system CPU time the Bot has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>The most frequent warnings and errors: level, category and message, with numbers masked.</summary>
    public IReadOnlyList<(string Problem, int Count)> FrequentProblems(int top)
    {
        lock (_tail)
            return [.. _problems.OrderByDescending(p => p.Value).Take(top).Select(p => (p.Key, p.Value))];
    }

    public string Tail()
    {
        lock (_tail)
            return string.Join('\n', _tail);
    }

    /// <summary>SIGTERM, as an orchestrator stops it; killed if it has not exited within the grace period and a margin.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
                await term.WaitForExitAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }

    /// <summary>Kills the Bot at once: the benchmark itself is being stopped.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The Bot exited with {_process.ExitCode} while starting:\n{Tail()}");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "readyz"));
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The Bot was not ready within {timeout}:\n{Tail()}");
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        var warning = line.StartsWith("warn:", StringComparison.Ordinal);
        var error = line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal);
        if (warning)
            Interlocked.Increment(ref _warnings);
        else if (error)
            Interlocked.Increment(ref _errors);
        lock (_tail)
        {
            // The console logger writes "level: Category[event]" and the message on the next line.
            if (_problem is not null)
            {
                var key = _problem + " " + MaskNumbers(line.Trim());
                _problems[key] = _problems.GetValueOrDefault(key) + 1;
                _problem = null;
            }
            if (warning || error)
                _problem = line;
            _tail.Enqueue(line);
            if (_tail.Count > 60)
                _tail.Dequeue();
        }
    }

    private static string MaskNumbers(string message)
    {
        var masked = System.Text.RegularExpressions.Regex.Replace(message, "[0-9]+", "#");
        return masked.Length > 160 ? masked[..160] : masked;
    }
}
