using System.Diagnostics;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Deployment;

/// <summary>The README's test command installs what the tests need, so it passes on a fresh machine; CI only calls it.</summary>
public sealed class TestScriptTests
{
    private static string Read(string path) => File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, path));

    [Fact]
    public void ScriptsTest_EnsuresChromiumAndPostgres_BeforeItRunsTheTests()
    {
        var script = Read("scripts/test");
        var tests = script.IndexOf("dotnet test ", StringComparison.Ordinal);

        Assert.InRange(script.IndexOf("chromium_ensure_installed", StringComparison.Ordinal), 0, tests);
        Assert.InRange(script.IndexOf("pg_ensure_installed", StringComparison.Ordinal), 0, tests);
    }

    [Fact]
    public void CiRun_RunsScriptsTest_WithoutInstallingAnythingItself()
    {
        var ci = Read(".ci/run");

        Assert.Contains("scripts/test", ci, StringComparison.Ordinal);
        Assert.DoesNotContain("apt-get", ci, StringComparison.Ordinal);
        Assert.DoesNotContain("pg_start", ci, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChromiumHelper_Succeeds_WhereChromiumIsPresent()
    {
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-c", "source scripts/lib/chromium.sh && chromium_ensure_installed"])
        {
            WorkingDirectory = TestPaths.RepositoryRoot,
            RedirectStandardError = true,
        })!;
        var error = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();

        Assert.True(bash.ExitCode == 0, error);
        Assert.True(File.Exists("/usr/bin/chromium"));
    }
}
