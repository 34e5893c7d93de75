using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Shared.Domain;

namespace DreamBot.Worker.Rendering;

/// <summary>How one kind of request is rendered; <see cref="RequestRenderer"/> picks the one that takes a batch.</summary>
public interface IRequestRendering
{
    /// <summary>Whether this kind renders <paramref name="first"/>, the first of a batch of <paramref name="count"/>.</summary>
    bool Takes(DreamParameters first, int count);

    Task<IReadOnlyList<GenerationResult>> RenderAsync(RenderWork work, CancellationToken cancellationToken);
}
