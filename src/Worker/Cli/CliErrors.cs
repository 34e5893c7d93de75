using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Worker.Imaging;

namespace DreamBot.Worker.Cli;

/// <summary>Maps a verb's failures to exit codes and one-line messages: 2 for the caller's mistakes, 1 for everything else known.</summary>
public static class CliErrors
{
    public const int BadArguments = 2;
    public const int Failed = 1;

    public static async Task<int> RunAsync(TextWriter error, Func<Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            return await run();
        }
        catch (Exception e) when (e is CliUsageException or ArgumentException or InvalidImageException)
        {
            await error.WriteLineAsync("error: " + e.Message);
            return BadArguments;
        }
        catch (Exception e) when (e is ModelFolderException or NotSupportedException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync("error: " + e.Message);
            return Failed;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("cancelled");
            return Failed;
        }
    }
}
