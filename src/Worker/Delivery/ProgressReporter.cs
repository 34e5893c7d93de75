using DreamBot.Worker.Diffusion.Pipeline;
using System.Globalization;
using DreamBot.Shared.Data;
using DreamBot.Shared.Discord;
using DreamBot.Shared.Discord.Messages;

namespace DreamBot.Worker.Delivery;

/// <summary>
/// Edits the original response while a generation renders: step k/N with a bar and, when the guild allows, a latent
/// preview. At most one edit per <see cref="Interval"/> and never more than one in flight; the pipeline thread only
/// records the latest progress and never waits for Discord.
/// </summary>
public sealed partial class ProgressReporter(
    DiscordRestClient discord, Generation generation, bool previews, TimeProvider time, ILogger logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1.5);
    private const int BarWidth = 20;

    private long _lastSentTicks = long.MinValue / 2;
    private int _inFlight;
    private Task _sending = Task.CompletedTask;

    public int EditsSent { get; private set; }

    public bool Enabled { get; } = InteractionToken.IsUsable(InteractionToken.CreatedAt(generation.InteractionId), time.GetUtcNow());

    /// <summary>Called on the pipeline thread after each step.</summary>
    public void Report(GenerationProgress progress)
    {
        var now = time.GetTimestamp();
        if (!Enabled || time.GetElapsedTime(Interlocked.Read(ref _lastSentTicks), now) < Interval)
            return;
        if (Interlocked.CompareExchange(ref _inFlight, 1, 0) != 0)
            return;
        Interlocked.Exchange(ref _lastSentTicks, now);
        // The preview must be rendered now, while the latents are the current step's.
        var preview = previews ? progress.RenderPreview() : null;
        _sending = SendAsync(progress.Step, progress.TotalSteps, preview);
    }

    /// <summary>Waits for an edit still in flight, so the final result is not overwritten by a late progress edit.</summary>
    public Task DrainAsync() => _sending;

    public static string Bar(int step, int total)
    {
        var filled = total == 0 ? 0 : (int)Math.Round(BarWidth * (double)step / total);
        return string.Create(CultureInfo.InvariantCulture,
            $"Rendering — step {step}/{total} {new string('▓', filled)}{new string('░', BarWidth - filled)} {100 * step / Math.Max(1, total)}%");
    }

    private async Task SendAsync(int step, int total, byte[]? preview)
    {
        try
        {
            IReadOnlyList<FileUpload> files = preview is null ? [] : [new FileUpload("preview.png", preview)];
            var payload = new MessagePayload
            {
                Content = Bar(step, total),
                Embeds = [],
                Attachments = preview is null ? [] : null,
                AllowedMentions = AllowedMentions.None,
            };
            await discord.EditOriginalResponseAsync(generation.InteractionToken, payload, files, CancellationToken.None);
            EditsSent++;
        }
// Progress is best effort; the result message is what matters.
        catch (Exception ex)
        {
            LogProgressFailed(logger, ex, generation.Id);
        }
        finally
        {
            Interlocked.Exchange(ref _inFlight, 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Progress edit for generation {GenerationId} failed")]
    private static partial void LogProgressFailed(ILogger logger, Exception exception, long generationId);
}
