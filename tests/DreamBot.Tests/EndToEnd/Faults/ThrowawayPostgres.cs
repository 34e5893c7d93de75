using System.Diagnostics;
using System.Globalization;
using DreamBot.Tests.Infrastructure;
using Npgsql;

namespace DreamBot.Tests.EndToEnd.Faults;

/// <summary>
/// A private PostgreSQL cluster that one test may stop, crash and restart without disturbing the shared server.
/// Built as scripts/lib/postgres.sh builds one: initdb with trust auth as a non-root account, loopback only, and no
/// fsync (its data never has to survive a power cut, only a server crash). Commits stay synchronous: a crash must not
/// take back a transaction the clients saw committed, or the test would blame DreamBot for the server's lost writes.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string _bin;
    private readonly string? _osUser;

    private ThrowawayPostgres(string bin, string? osUser, string directory, int port)
    {
        _bin = bin;
        _osUser = osUser;
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }
    public int Port { get; }
    private string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>Superuser connection to the maintenance database; PostgresDatabase creates per-test databases from it.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = "postgres",
        Username = "dreambot",
        MaxPoolSize = 100,
    }.ConnectionString;

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var bin = FindBinaries();
        // PostgreSQL refuses to run as root; as root, run it as the packaged postgres account.
        var osUser = Environment.UserName == "root" ? "postgres" : null;
        var directory = Path.Combine(Path.GetTempPath(), $"dreambot-pg-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var server = new ThrowawayPostgres(bin, osUser, directory, LoopbackServer.FreePort());
        if (osUser is not null)
            await server.RunAsync("chown", [osUser, directory], asServer: false);
        await server.RunAsync(Path.Combine(bin, "initdb"),
            ["-D", server.DataDirectory, "-U", "dreambot", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], asServer: true);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>Stops the server: "fast" disconnects clients cleanly, "immediate" kills it as a crash would.</summary>
    public Task StopServerAsync(string mode = "immediate") =>
        RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", mode, "-w", "stop"], asServer: true);

    public Task StartServerAsync()
    {
        var options = string.Create(CultureInfo.InvariantCulture,
            $"-c listen_addresses=127.0.0.1 -c port={Port} -c unix_socket_directories={Directory} -c max_connections=300 -c fsync=off -c full_page_writes=off");
        return RunAsync(Path.Combine(_bin, "pg_ctl"),
            ["-D", DataDirectory, "-l", Path.Combine(Directory, "server.log"), "-o", options, "-w", "-t", "60", "start"], asServer: true);
    }

    public string ServerLog() =>
        File.Exists(Path.Combine(Directory, "server.log")) ? File.ReadAllText(Path.Combine(Directory, "server.log")) : "";

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await StopServerAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped: the test ended while the server was down.
        }
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asServer)
    {
        var start = new ProcessStartInfo(asServer && _osUser is not null ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asServer && _osUser is not null)
        {
            foreach (var argument in (string[])["-u", _osUser, "--", program])
                start.ArgumentList.Add(argument);
        }
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}\n{ServerLog()}");
        }
    }

    private static string FindBinaries()
    {
        var candidates = System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Order()
            : Enumerable.Empty<string>();
        return candidates.LastOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL's initdb was not found under /usr/lib/postgresql/*/bin; install the postgresql package.");
    }
}
