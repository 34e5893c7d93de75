using System.Diagnostics;

namespace DreamBot.Tests.Infrastructure;

/// <summary>Runs one of DreamBot's own programs as a real child process, the way an operator would.</summary>
public static class DotnetProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>The built DLL of a project under src, in the same configuration as the tests.</summary>
    public static string ProgramPath(string project)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(TestPaths.RepositoryRoot, "src", project, "bin", configuration, "net10.0", $"DreamBot.{project}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first; missing " + path);
    }

    /// <summary>
    /// Starts the program; <paramref name="launcher"/> is a command that execs it (such as <c>taskset -c 0</c>), so the
    /// process id is still the program's own.
    /// </summary>
    public static Process Start(string project, IEnumerable<string> arguments, IDictionary<string, string?> environment, IReadOnlyList<string>? launcher = null)
    {
        string[] command = [.. launcher ?? [], "dotnet", ProgramPath(project), .. arguments];
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ProgramPath(project))!,
        };
        foreach (var argument in command.Skip(1))
            start.ArgumentList.Add(argument);
        // The child sees only what the test gives it, not the test runner's DreamBot settings.
        foreach (var key in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return Process.Start(start)!;
    }

    public static async Task<Result> RunAsync(string project, IEnumerable<string> arguments, IDictionary<string, string?> environment, TimeSpan timeout)
    {
        using var process = Start(project, arguments, environment);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{project} {string.Join(' ', arguments)} did not exit within {timeout}.");
        }
        return new Result(process.ExitCode, await output, await error);
    }
}
