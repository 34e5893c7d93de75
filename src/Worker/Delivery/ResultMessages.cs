using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Shared.Data;
using DreamBot.Shared.Discord.Messages;
using DreamBot.Worker.Rendering;
using DreamBot.Worker.Upscaling;

namespace DreamBot.Worker.Delivery;

/// <summary>The message a result is posted as, fitted to Discord's upload limit.</summary>
public sealed class ResultMessages(IImageRenderer renderer, UpscalerCatalog upscalers)
{
    public (MessagePayload Payload, IReadOnlyList<FileUpload> Files) Build(
        Generation generation, GenerationResult result, GuildSettings settings, TimeSpan renderTime)
    {
        ArgumentNullException.ThrowIfNull(generation);
        var queueWait = (generation.StartedAt ?? generation.QueuedAt) - generation.QueuedAt;
        var (payload, files) = ResultMessage.Build(generation, renderer.NameOf(generation.Parameters.Model), result, settings, queueWait, renderTime, upscalers.Served);
        return UploadFit.Apply(payload, files, DiscordLimits.DefaultUploadBytes);
    }
}
