using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Shared.Data;

namespace DreamBot.Worker.Rendering;

/// <summary>
/// The one place that picks how a batch is rendered: the first kind of request (registered in order) that takes it.
/// A new kind of request is a new <see cref="IRequestRendering"/>, registered before the ones it narrows.
/// </summary>
public sealed class RequestRenderer(IEnumerable<IRequestRendering> kinds, IImageRenderer renderer, DreamBotDb db)
{
    /// <summary>
    /// Records on each (tracked) row the sampler that will run, so the result, its PNG and its buttons name it. EF writes
    /// only that column, so no status change is overwritten.
    /// </summary>
    public async Task RecordSamplersAsync(IReadOnlyList<Generation> generations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generations);
        var changed = false;
        foreach (var generation in generations)
        {
            var parameters = generation.Parameters;
            var sampler = parameters is { IsUpscale: true, IsCreativeUpscale: false } ? parameters.Sampler : renderer.SamplerFor(parameters.Model, parameters.Sampler);
            if (sampler == parameters.Sampler)
                continue;
            generation.Parameters = parameters with { Sampler = sampler };
            changed = true;
        }
        if (changed)
            await db.SaveChangesAsync(cancellationToken);
    }

    public Task<IReadOnlyList<GenerationResult>> RenderAsync(RenderWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var kind = kinds.FirstOrDefault(k => k.Takes(work.First.Parameters, work.Generations.Count))
            ?? throw new InvalidOperationException("No rendering takes this request.");
        return kind.RenderAsync(work, cancellationToken);
    }
}
