using System.ComponentModel;
using System.Diagnostics;
using DreamBot.Tests.Infrastructure;

namespace DreamBot.Tests.Deployment;

/// <summary>No GPU here: these check what scripts/gpu can check without one.</summary>
public sealed class GpuCheckScriptsTests
{
    [Fact]
    public async Task TrimFatbin_ZeroesOnlyTheOtherArchitecturesCode_AndRefusesWhatItCannotParse()
    {
        var result = await RunAsync("python3", "scripts/gpu/trim_fatbin.py", "--self-test");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("self-test passed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrimFatbin_WritesNothing_WhenTheInputIsNoElfFile()
    {
        var folder = TestPaths.NewTempDirectory("trim-fatbin");
        var source = Path.Combine(folder, "not-elf.so");
        var target = Path.Combine(folder, "out.so");
        await File.WriteAllTextAsync(source, "not an ELF file, but long enough to hold an ELF header's sixty-four bytes .....");

        var result = await RunAsync("python3", "scripts/gpu/trim_fatbin.py", source, target);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a little-endian 64-bit ELF file; nothing written", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("scripts/gpu/prepare")]
    [InlineData("scripts/gpu/run-checks")]
    public async Task Scripts_AreValidBash(string script)
    {
        var result = await RunAsync("bash", "-n", script);

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task RunChecks_NamesTheMissingArchives_WhenNothingWasCopied()
    {
        var (folder, script) = CopyOfRunChecks();

        var result = await RunAsync("bash", script);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("worker.tar.xz cuda-provider.tar.xz not unpacked here", result.Output, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task RunChecks_UnpacksArchivesThatArriveInTwoTransfers_IntoOnePlace()
    {
        var (folder, script) = CopyOfRunChecks();
        var pack = "mkdir -p w p .gpu/carry && printf '#!/bin/sh\\n' > w/DreamBot.Worker && chmod +x w/DreamBot.Worker"
            + " && touch p/libonnxruntime_providers_cuda.so && echo 90 > p/keep-arch"
            + " && tar -C p -cf - . | xz > .gpu/carry/cuda-provider.tar.xz";
        Assert.Equal(0, (await RunAsync("bash", "-c", $"cd '{folder}' && {pack}")).ExitCode);

        var first = await RunAsync("bash", script, "--unpack-only");
        await RunAsync("bash", "-c", $"cd '{folder}' && tar -C w -cf - . | xz > .gpu/carry/worker.tar.xz");
        var second = await RunAsync("bash", script, "--unpack-only");

        Assert.Contains("still to come: worker.tar.xz", first.Output, StringComparison.Ordinal);
        Assert.Contains("still to come: nothing", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("unpacking cuda-provider", second.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, ".gpu/device/provider/keep-arch")));
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>run-checks works in the checkout it sits in: a copy in an empty folder sees no archives.</summary>
    private static (string Folder, string Script) CopyOfRunChecks()
    {
        var folder = TestPaths.NewTempDirectory("run-checks");
        var script = Path.Combine(folder, "scripts", "gpu", "run-checks");
        Directory.CreateDirectory(Path.GetDirectoryName(script)!);
        File.Copy(Path.Combine(TestPaths.RepositoryRoot, "scripts/gpu/run-checks"), script);
        return (folder, script);
    }

    private sealed record Result(int ExitCode, string Output);

    private static async Task<Result> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepositoryRoot,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"These tests need '{program}' on the PATH: {e.Message}", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return new Result(process.ExitCode, await output + await error);
        }
    }
}
