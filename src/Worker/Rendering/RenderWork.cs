using DreamBot.Worker.Diffusion.Pipeline;
using DreamBot.Shared.Data;

namespace DreamBot.Worker.Rendering;

/// <summary>The generations of one claimed batch and each one's progress callback, in the same order.</summary>
public sealed record RenderWork(IReadOnlyList<Generation> Generations, IReadOnlyList<Action<GenerationProgress>> Progress)
{
    public Generation First => Generations[0];
}
